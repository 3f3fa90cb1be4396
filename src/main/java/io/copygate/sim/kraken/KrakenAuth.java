package io.copygate.sim.kraken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sandbox's check of a private request as Kraken does it: a known {@code API-Key}, an
 * {@code API-Sign} equal to base64(HMAC-SHA512(base64-decoded secret, path + SHA256(nonce + body)))
 * over the exact body bytes, and a nonce above the key's last accepted one. Computed here, not with
 * the adapter's signer, so that the two check each other.
 */
final class KrakenAuth {
    private final Map<String, String> secrets;
    private final Map<String, Long> lastNonce = new ConcurrentHashMap<>();

    KrakenAuth(Map<String, String> secrets) {
        this.secrets = secrets;
    }

    /** The account's key, or the Kraken error string. */
    String check(String apiKey, String apiSign, String path, String nonce, String body) {
        String secret = apiKey == null ? null : secrets.get(apiKey);
        if (secret == null) {
            throw new KrakenError("EAPI:Invalid key");
        }
        if (apiSign == null || nonce == null) {
            throw new KrakenError(nonce == null ? "EAPI:Invalid nonce" : "EAPI:Invalid signature");
        }
        if (!sign(secret, path, nonce, body).equals(apiSign)) {
            throw new KrakenError("EAPI:Invalid signature");
        }
        long n;
        try {
            n = Long.parseLong(nonce);
        } catch (NumberFormatException e) {
            throw new KrakenError("EAPI:Invalid nonce");
        }
        synchronized (this) {
            Long last = lastNonce.get(apiKey);
            if (last != null && n <= last) {
                throw new KrakenError("EAPI:Invalid nonce");
            }
            lastNonce.put(apiKey, n);
        }
        return apiKey;
    }

    static String sign(String secretBase64, String path, String nonce, String body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((nonce + body).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secretBase64), "HmacSHA512"));
            mac.update(path.getBytes(StandardCharsets.UTF_8));
            mac.update(hash);
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
