package io.copygate.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code POST /webhooks/signal}, Stripe-style: header {@code X-Copygate-Key} names the signing
 * key, header {@code X-Copygate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} signs
 * {@code "<t>.<body>"}. A timestamp further than the tolerance (default 5 minutes) from now is
 * refused, so a captured request cannot be replayed later.
 */
public final class SignalSignature {

    /** Looks a signing key up; null when unknown. The secret is decrypted only here. */
    @FunctionalInterface
    public interface Keys {
        Key find(String keyId);
    }

    public record Key(String account, String tenant, boolean active, byte[] secret) {
        @Override
        public String toString() {
            return "Key[account=" + account + ", tenant=" + tenant + ", active=" + active + "]";
        }
    }

    private final Keys keys;
    private final Duration tolerance;
    private final Clock clock;

    public SignalSignature(Keys keys, Duration tolerance, Clock clock) {
        this.keys = keys;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    public WebhookPrincipal verify(String keyId, String signatureHeader, String body) {
        if (keyId == null || keyId.isBlank()) {
            throw new AuthenticationException(401, "missing X-Copygate-Key header");
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new AuthenticationException(401, "missing X-Copygate-Signature header");
        }
        Key key = keys.find(keyId);
        if (key == null || !key.active()) {
            throw new AuthenticationException(401, "unknown signing key");
        }
        Long timestamp = null;
        String v1 = null;
        for (String part : signatureHeader.split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                try {
                    timestamp = Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    throw new AuthenticationException(401, "X-Copygate-Signature t= is not a unix timestamp");
                }
            } else if (p.startsWith("v1=")) {
                v1 = p.substring(3);
            }
        }
        if (timestamp == null || v1 == null) {
            throw new AuthenticationException(401, "X-Copygate-Signature must be t=<unix seconds>,v1=<hex hmac>");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - timestamp);
        if (skew > tolerance.toSeconds()) {
            throw new AuthenticationException(401, "signature timestamp is " + skew + " s from now, outside the "
                    + tolerance.toSeconds() + " s tolerance");
        }
        byte[] expected = sign(key.secret(), timestamp, body == null ? "" : body);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(v1);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException(401, "signature does not match");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new AuthenticationException(401, "signature does not match");
        }
        return new WebhookPrincipal(key.account(), key.tenant());
    }

    /** The v1 signature of a body at a timestamp; what a sender computes. */
    public static byte[] sign(byte[] secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
