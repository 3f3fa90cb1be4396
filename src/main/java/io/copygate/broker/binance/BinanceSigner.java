package io.copygate.broker.binance;

import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Binance requests with the account's key: an HMAC-SHA256 secret (hex signature) or an
 * Ed25519 private key (base64 signature; the key type Binance recommends, and the one its
 * WebSocket API session logon needs). Credentials: {@code apiKey}, and {@code privateKey}
 * (Ed25519, PKCS#8 PEM or base64 DER) or {@code secretKey} (HMAC). Never prints the key.
 */
public final class BinanceSigner {
    private final String apiKey;
    private final byte[] hmacSecret;
    private final PrivateKey ed25519;

    private BinanceSigner(String apiKey, byte[] hmacSecret, PrivateKey ed25519) {
        this.apiKey = apiKey;
        this.hmacSecret = hmacSecret;
        this.ed25519 = ed25519;
    }

    public static BinanceSigner hmac(String apiKey, String secretKey) {
        return new BinanceSigner(apiKey, secretKey.getBytes(StandardCharsets.UTF_8), null);
    }

    public static BinanceSigner ed25519(String apiKey, PrivateKey key) {
        return new BinanceSigner(apiKey, null, key);
    }

    /** The account's signer: Ed25519 when {@code privateKey} is set, else HMAC with {@code secretKey}. */
    public static BinanceSigner of(BrokerAccount account) {
        String apiKey = account.credential("apiKey");
        String pem = account.credentials().get("privateKey");
        if (pem != null && !pem.isBlank()) {
            return ed25519(apiKey, ed25519PrivateKey(pem, account.id()));
        }
        return hmac(apiKey, account.credential("secretKey"));
    }

    public String apiKey() {
        return apiKey;
    }

    public boolean isEd25519() {
        return ed25519 != null;
    }

    /** The signature of the payload as Binance expects it: lowercase hex (HMAC) or base64 (Ed25519). */
    public String sign(String payload) {
        byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        try {
            if (ed25519 != null) {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(ed25519);
                s.update(data);
                return Base64.getEncoder().encodeToString(s.sign());
            }
            return hmacSha256Hex(hmacSecret, data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed: " + e.getClass().getSimpleName(), e);
        }
    }

    public static String hmacSha256Hex(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /** Reads an Ed25519 private key from PKCS#8 PEM or its base64 DER body. */
    static PrivateKey ed25519PrivateKey(String pemOrBase64, String accountId) {
        String body = pemOrBase64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new AccountFailedException("account " + accountId
                    + ": credential 'privateKey' is not an Ed25519 private key in PKCS#8 PEM");
        }
    }

    @Override
    public String toString() {
        return "BinanceSigner[" + (ed25519 != null ? "Ed25519" : "HMAC") + "]";
    }
}
