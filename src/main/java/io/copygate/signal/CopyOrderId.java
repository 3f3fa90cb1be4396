package io.copygate.signal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The client order id every broker sees for a copy order. It is derived, never random, from the
 * signal and the follower account, so a retry, a replay or a recovery after a crash always
 * re-sends the same id and the broker's duplicate check stops a second placement.
 * 18 lowercase alphanumerics ({@code cg} + 80 bits): within every venue's limit (Kraken's
 * free-text cl_ord_id is the tightest at 18, TradeStation's OrderConfirmID 22, OKX wants
 * alphanumerics only).
 */
public final class CopyOrderId {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    public static final int LENGTH = 18;

    private CopyOrderId() {
    }

    /** Whether a broker's client order id is one copygate gave (a master's own orders carry other ids). */
    public static boolean isCopyOrderId(String clientOrderId) {
        return clientOrderId != null && clientOrderId.length() == LENGTH && clientOrderId.matches("cg[a-z2-7]{16}");
    }

    public static String of(String signalId, String followerAccountId) {
        return of(signalId, followerAccountId, "");
    }

    /** For a signal that yields several orders per follower (e.g. one cancel per working copy). */
    public static String of(String signalId, String followerAccountId, String part) {
        byte[] digest = sha256(signalId + '|' + followerAccountId + '|' + part);
        StringBuilder id = new StringBuilder(LENGTH).append("cg");
        long bits = 0;
        int bitCount = 0;
        int i = 0;
        while (id.length() < LENGTH) {
            if (bitCount < 5) {
                bits = (bits << 8) | (digest[i++] & 0xff);
                bitCount += 8;
            }
            bitCount -= 5;
            id.append(BASE32[(int) ((bits >> bitCount) & 31)]);
        }
        return id.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
