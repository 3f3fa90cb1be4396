package io.copygate.sim.binance;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * The sandbox's check of a SIGNED request, in Binance's order: API key, timestamp, recvWindow,
 * signature (HMAC-SHA256 hex, case-insensitive; Ed25519 base64, case-sensitive) over the exact
 * payload the client sent.
 */
final class BinanceAuth {
    private final Map<String, BinanceSandbox.Account> accounts;
    private final Clock clock;

    BinanceAuth(Map<String, BinanceSandbox.Account> accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    BinanceSandbox.Account account(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new BinanceError(401, -2014, "API-key format invalid.");
        }
        BinanceSandbox.Account a = accounts.get(apiKey);
        if (a == null) {
            throw new BinanceError(401, -2015, "Invalid API-key, IP, or permissions for action.");
        }
        return a;
    }

    /** Checks timestamp and recvWindow. */
    void checkTime(String timestamp, String recvWindow) {
        long ts;
        try {
            ts = Long.parseLong(timestamp == null ? "" : timestamp);
        } catch (NumberFormatException e) {
            throw BinanceError.mandatory("timestamp");
        }
        if (ts > 9_999_999_999_999L) {
            ts = ts / 1000; // microseconds
        }
        double window = 5000;
        if (recvWindow != null) {
            try {
                window = Double.parseDouble(recvWindow);
            } catch (NumberFormatException e) {
                throw BinanceError.mandatory("recvWindow");
            }
            if (window > 60000) {
                throw new BinanceError(400, -1131, "recvWindow must be less than 60000");
            }
        }
        long serverTime = clock.millis();
        if (ts >= serverTime + 1000) {
            throw new BinanceError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
        }
        if (serverTime - ts > window) {
            throw new BinanceError(400, -1021, "Timestamp for this request is outside of the recvWindow.");
        }
    }

    /** Verifies the signature over {@code payload} with the account's key. */
    void checkSignature(BinanceSandbox.Account a, String payload, String signature) {
        if (signature == null || signature.isEmpty()) {
            throw BinanceError.mandatory("signature");
        }
        byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        boolean ok;
        if (a.ed25519() != null) {
            try {
                Signature v = Signature.getInstance("Ed25519");
                v.initVerify(a.ed25519());
                v.update(data);
                ok = v.verify(Base64.getDecoder().decode(signature));
            } catch (Exception e) {
                ok = false;
            }
        } else {
            ok = hmacHex(a.secretKey(), data).equalsIgnoreCase(signature);
        }
        if (!ok) {
            throw new BinanceError(400, -1022, "Signature for this request is not valid.");
        }
    }

    /** The sandbox computes HMAC itself: it must not share the adapter's signing code it is checking. */
    private static String hmacHex(String secret, byte[] data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(data));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
