package io.copygate.broker.ninjatrader;

import io.copygate.broker.BrokerAccount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Which gateway account an add-on's event or connection belongs to. The add-on proves itself with its
 * token (the {@code token} credential of the gateway's NinjaTrader accounts); an event names its
 * NinjaTrader account ({@code Sim101}), which is only unique per add-on installation — every
 * NinjaTrader has a Sim101 — so an event is attributed by token <em>and</em> name together.
 */
final class NinjaTraderAccounts {
    private final Supplier<List<BrokerAccount>> accounts;

    /** @param accounts the gateway's accounts of broker ninjatrader, read fresh on every call */
    NinjaTraderAccounts(Supplier<List<BrokerAccount>> accounts) {
        this.accounts = accounts;
    }

    /** The accounts whose token credential equals {@code token} (compared in constant time). */
    List<BrokerAccount> withToken(String token) {
        if (token == null || token.isEmpty()) {
            return List.of();
        }
        byte[] offered = sha256(token);
        return accounts.get().stream()
                .filter(a -> a.credentials().get("token") != null
                        && MessageDigest.isEqual(offered, sha256(a.credentials().get("token"))))
                .toList();
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.trim();
        return a.toLowerCase(Locale.ROOT).startsWith("bearer ") ? a.substring(7).trim() : null;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
