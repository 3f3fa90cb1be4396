package io.copygate.broker.coinbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Coinbase publishes no JWT test vector (ECDSA is randomized): tokens must verify with the public key, and a tampered one must not. */
class CoinbaseAuthTest {
    static final String KEY_NAME = "organizations/org-1/apiKeys/key-1";
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    /** SEC1 ECPrivateKey out of the JDK's PKCS#8 encoding (what Coinbase hands out as "EC PRIVATE KEY"). */
    static String sec1Pem(KeyPair pair) {
        byte[] p8 = pair.getPrivate().getEncoded();
        int i = 2 + (p8[1] & 0x80) / 0x80 * (p8[1] & 0x7f); // skip the outer SEQUENCE header
        i += 3; // INTEGER 0
        i += 2 + p8[i + 1]; // AlgorithmIdentifier
        int len = p8[i + 1] & 0xff;
        int start = i + 2;
        if ((p8[i + 1] & 0x80) != 0) {
            len = p8[i + 2] & 0xff;
            start = i + 3;
        }
        byte[] sec1 = Arrays.copyOfRange(p8, start, start + len);
        return "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(sec1)
                + "\n-----END EC PRIVATE KEY-----\n";
    }

    static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static boolean verifies(String jwt, PublicKey key, boolean ed) throws Exception {
        String[] parts = jwt.split("\\.");
        Signature v = Signature.getInstance(ed ? "Ed25519" : "SHA256withECDSAinP1363Format");
        v.initVerify(key);
        v.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return v.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    private static JsonNode part(String jwt, int i) throws Exception {
        return CoinbaseClient.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[i]));
    }

    @Test
    void es256TokenFromASec1KeyVerifiesAndCarriesCoinbasesClaims() throws Exception {
        KeyPair pair = ecKeyPair();
        BrokerAccount account = new BrokerAccount("a", "t", "coinbase", "x", Map.of(),
                Map.of("apiKeyName", KEY_NAME, "privateKey", sec1Pem(pair)));
        CoinbaseAuth auth = CoinbaseAuth.of(account, FIXED);
        String jwt = auth.restToken("POST", "api.coinbase.com", "/api/v3/brokerage/orders");
        assertTrue(verifies(jwt, pair.getPublic(), false), "verifies with the public key");
        JsonNode header = part(jwt, 0);
        assertEquals("ES256", header.get("alg").asText());
        assertEquals(KEY_NAME, header.get("kid").asText());
        assertEquals(32, header.get("nonce").asText().length(), "a 16-byte hex nonce");
        JsonNode claims = part(jwt, 1);
        assertEquals(KEY_NAME, claims.get("sub").asText());
        assertEquals("cdp", claims.get("iss").asText());
        assertEquals(FIXED.instant().getEpochSecond(), claims.get("nbf").asLong());
        assertEquals(FIXED.instant().getEpochSecond() + 120, claims.get("exp").asLong());
        assertEquals("POST api.coinbase.com/api/v3/brokerage/orders", claims.get("uri").asText());
        assertNotEquals(part(auth.restToken("POST", "api.coinbase.com", "/x"), 0).get("nonce"), header.get("nonce"),
                "a fresh nonce per token");
    }

    @Test
    void aTamperedTokenDoesNotVerify() throws Exception {
        KeyPair pair = ecKeyPair();
        CoinbaseAuth auth = new CoinbaseAuth(KEY_NAME, pair.getPrivate(), FIXED);
        String jwt = auth.restToken("GET", "api.coinbase.com", "/api/v3/brokerage/accounts");
        String[] p = jwt.split("\\.");
        String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8)
                        .replace("/accounts", "/orders").getBytes(StandardCharsets.UTF_8));
        assertFalse(verifies(p[0] + "." + forgedClaims + "." + p[2], pair.getPublic(), false));
        assertFalse(verifies(jwt, ecKeyPair().getPublic(), false), "another key's public half refuses it");
    }

    @Test
    void ed25519KeysSignEdDsaTokensFromPkcs8OrRawBase64() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] p8 = pair.getPrivate().getEncoded();
        String raw = Base64.getEncoder().encodeToString(Arrays.copyOfRange(p8, p8.length - 32, p8.length));
        for (String secret : new String[] {raw, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(p8) + "\n-----END PRIVATE KEY-----"}) {
            CoinbaseAuth auth = CoinbaseAuth.of(new BrokerAccount("a", "t", "coinbase", "x", Map.of(),
                    Map.of("apiKeyName", KEY_NAME, "privateKey", secret)), FIXED);
            String jwt = auth.webSocketToken();
            assertEquals("EdDSA", part(jwt, 0).get("alg").asText());
            assertFalse(part(jwt, 1).has("uri"), "WebSocket tokens carry no uri");
            assertTrue(verifies(jwt, pair.getPublic(), true));
            assertFalse(auth.toString().contains(raw));
        }
    }
}
