package io.copygate.broker.coinbase;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Coinbase's CDP API-key JWT, written with the JDK: a fresh token per request, header
 * {@code {"alg","kid","nonce","typ"}}, claims {@code {"sub","iss":"cdp","nbf","exp":nbf+120,"uri"}}
 * where {@code uri} is {@code "<METHOD> api.coinbase.com<path>"} (no query); WebSocket tokens carry no
 * uri. ES256 for ECDSA P-256 keys (SEC1 {@code EC PRIVATE KEY} or PKCS#8 PEM), EdDSA for Ed25519 keys
 * (PKCS#8 PEM or raw base64 of 32/64 bytes). Credentials: {@code apiKeyName}
 * ({@code organizations/…/apiKeys/…}) and {@code privateKey}. Never prints the key.
 */
public final class CoinbaseAuth {
    static final long LIFETIME_SECONDS = 120;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** PKCS#8 wrapping of a SEC1 P-256 key: algorithm id-ecPublicKey with prime256v1. */
    private static final byte[] EC_P256_ALGORITHM = HexFormat.of().parseHex("301306072a8648ce3d020106082a8648ce3d030107");
    /** PKCS#8 prefix of a raw 32-byte Ed25519 seed. */
    private static final byte[] ED25519_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private final String keyName;
    private final PrivateKey key;
    private final boolean ed25519;
    private final Clock clock;

    public CoinbaseAuth(String keyName, PrivateKey key, Clock clock) {
        this.keyName = keyName;
        this.key = key;
        this.ed25519 = "EdDSA".equals(key.getAlgorithm()) || "Ed25519".equals(key.getAlgorithm());
        this.clock = clock;
    }

    public static CoinbaseAuth of(BrokerAccount account, Clock clock) {
        return new CoinbaseAuth(account.credential("apiKeyName"), privateKey(account.credential("privateKey"),
                account.id()), clock);
    }

    /** A token for one REST request. */
    public String restToken(String method, String host, String path) {
        return token(method + " " + host + path);
    }

    /** A token for a WebSocket subscribe message (no uri claim). */
    public String webSocketToken() {
        return token(null);
    }

    private String token(String uri) {
        long now = clock.instant().getEpochSecond();
        ObjectNode header = CoinbaseClient.JSON.createObjectNode();
        header.put("alg", ed25519 ? "EdDSA" : "ES256");
        header.put("kid", keyName);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        header.put("nonce", HexFormat.of().formatHex(nonce));
        header.put("typ", "JWT");
        ObjectNode claims = CoinbaseClient.JSON.createObjectNode();
        claims.put("sub", keyName);
        claims.put("iss", "cdp");
        claims.put("nbf", now);
        claims.put("exp", now + LIFETIME_SECONDS);
        if (uri != null) {
            claims.put("uri", uri);
        }
        String signingInput = b64(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            // JWS wants ECDSA as raw r||s (P1363), not DER
            Signature s = Signature.getInstance(ed25519 ? "Ed25519" : "SHA256withECDSAinP1363Format");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing the Coinbase JWT failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Reads the key Coinbase issued: SEC1 or PKCS#8 PEM (EC P-256 or Ed25519), or a raw base64 Ed25519 key. */
    static PrivateKey privateKey(String text, String accountId) {
        String t = text.replace("\\n", "\n").trim();
        try {
            if (t.startsWith("-----BEGIN EC PRIVATE KEY-----")) {
                byte[] sec1 = pemBody(t);
                return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8FromSec1(sec1)));
            }
            if (t.startsWith("-----BEGIN PRIVATE KEY-----")) {
                return pkcs8(pemBody(t));
            }
            byte[] raw = Base64.getDecoder().decode(t.replaceAll("\\s", ""));
            if (raw.length != 32 && raw.length != 64) {
                return pkcs8(raw); // a PKCS#8 body without its PEM armour
            }
            byte[] der = new byte[ED25519_PREFIX.length + 32];
            System.arraycopy(ED25519_PREFIX, 0, der, 0, ED25519_PREFIX.length);
            System.arraycopy(raw, 0, der, ED25519_PREFIX.length, 32);
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new AccountFailedException("account " + accountId + ": credential 'privateKey' is not an ECDSA P-256 "
                    + "or Ed25519 private key (PEM, or base64 for Ed25519)");
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException notEc) {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
    }

    private static byte[] pemBody(String pem) {
        return Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    /** PKCS#8 PrivateKeyInfo around a SEC1 ECPrivateKey: SEQUENCE { 0, algorithm, OCTET STRING sec1 }. */
    static byte[] pkcs8FromSec1(byte[] sec1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(EC_P256_ALGORITHM);
        body.writeBytes(tlv(0x04, sec1));
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "CoinbaseAuth[" + (ed25519 ? "EdDSA" : "ES256") + "]";
    }
}
