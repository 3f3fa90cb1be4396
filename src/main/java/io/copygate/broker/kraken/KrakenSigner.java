package io.copygate.broker.kraken;

import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kraken's {@code API-Sign}: base64(HMAC-SHA512(base64-decoded private key, URI path +
 * SHA256(nonce + POST body))), and the nonces it covers. Kraken wants each key's nonces strictly
 * increasing; one counter per API key in the JVM, shared by every thread and every account using
 * the key, hands them out (never below the clock in microseconds, so a restart still increases).
 * Credentials: {@code apiKey}, {@code privateKey} (base64). Never prints the key.
 */
public final class KrakenSigner {
    private static final Map<String, AtomicLong> NONCES = new ConcurrentHashMap<>();

    private final String apiKey;
    private final byte[] secret;

    public KrakenSigner(String apiKey, String privateKeyBase64) {
        this.apiKey = apiKey;
        try {
            this.secret = Base64.getDecoder().decode(privateKeyBase64.trim());
        } catch (IllegalArgumentException e) {
            throw new AccountFailedException("Kraken credential 'privateKey' is not base64");
        }
    }

    public static KrakenSigner of(BrokerAccount account) {
        return new KrakenSigner(account.credential("apiKey"), account.credential("privateKey"));
    }

    public String apiKey() {
        return apiKey;
    }

    /** The next nonce for this key: above every nonce handed out before, and not below now in µs. */
    public long nextNonce() {
        AtomicLong last = NONCES.computeIfAbsent(apiKey, k -> new AtomicLong());
        long nowMicros = System.currentTimeMillis() * 1000;
        return last.updateAndGet(prev -> Math.max(prev + 1, nowMicros));
    }

    /** {@code API-Sign} for a request to {@code uriPath} (e.g. {@code /0/private/AddOrder}). */
    public String sign(String uriPath, long nonce, String body) {
        return sign(uriPath, Long.toString(nonce), body);
    }

    public String sign(String uriPath, String nonce, String body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((nonce + body).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(secret, "HmacSHA512"));
            mac.update(uriPath.getBytes(StandardCharsets.UTF_8));
            mac.update(hash);
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256 and HmacSHA512", e);
        }
    }

    @Override
    public String toString() {
        return "KrakenSigner[HMAC-SHA512]";
    }
}
