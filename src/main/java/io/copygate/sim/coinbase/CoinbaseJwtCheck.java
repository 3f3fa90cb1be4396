package io.copygate.sim.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * The sandbox's check of a CDP API-key JWT as Coinbase does it: a known {@code kid}, the algorithm of
 * that key (ES256 for P-256, EdDSA for Ed25519), a valid signature, {@code iss = cdp},
 * {@code sub = kid}, {@code nbf} not in the future, {@code exp} not passed and at most 120 s after
 * {@code nbf}, and for REST a {@code uri} claim equal to {@code "<METHOD> api.coinbase.com<path>"}.
 * Written independently of the adapter's signer.
 */
final class CoinbaseJwtCheck {
    static final String HOST = "api.coinbase.com";
    private final Map<String, PublicKey> keys;
    private final Clock clock;

    CoinbaseJwtCheck(Map<String, PublicKey> keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** The key name the token authenticates; {@code uri} null for a WebSocket token. */
    String check(String token, String uri) {
        if (token == null || token.isEmpty()) {
            throw CoinbaseHttpError.unauthenticated("missing bearer token");
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw CoinbaseHttpError.unauthenticated("malformed JWT");
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            header = CoinbaseWire.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = CoinbaseWire.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (Exception e) {
            throw CoinbaseHttpError.unauthenticated("malformed JWT");
        }
        String kid = header.path("kid").asText("");
        PublicKey key = keys.get(kid);
        if (key == null) {
            throw CoinbaseHttpError.unauthenticated("unknown API key");
        }
        boolean ed = key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().equals("Ed25519");
        String alg = header.path("alg").asText("");
        if (!(ed ? "EdDSA" : "ES256").equals(alg)) {
            throw CoinbaseHttpError.unauthenticated("algorithm " + alg + " does not match the key");
        }
        if (header.path("nonce").asText("").isEmpty()) {
            throw CoinbaseHttpError.unauthenticated("missing nonce");
        }
        try {
            Signature v = Signature.getInstance(ed ? "Ed25519" : "SHA256withECDSAinP1363Format");
            v.initVerify(key);
            v.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!v.verify(signature)) {
                throw CoinbaseHttpError.unauthenticated("invalid signature");
            }
        } catch (CoinbaseHttpError e) {
            throw e;
        } catch (Exception e) {
            throw CoinbaseHttpError.unauthenticated("invalid signature");
        }
        long now = clock.instant().getEpochSecond();
        long nbf = claims.path("nbf").asLong(Long.MAX_VALUE);
        long exp = claims.path("exp").asLong(0);
        if (!"cdp".equals(claims.path("iss").asText()) || !kid.equals(claims.path("sub").asText())) {
            throw CoinbaseHttpError.unauthenticated("invalid issuer or subject");
        }
        if (nbf > now + 5) {
            throw CoinbaseHttpError.unauthenticated("token not yet valid");
        }
        if (exp <= now || exp - nbf > 120) {
            throw CoinbaseHttpError.unauthenticated("token expired");
        }
        if (uri != null && !uri.equals(claims.path("uri").asText())) {
            throw CoinbaseHttpError.unauthenticated("uri claim does not match the request");
        }
        return kid;
    }
}
