package io.copygate.sim.tradestation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox's OAuth2 token endpoint (TradeStation signs in through Auth0 at
 * {@code signin.tradestation.com/oauth/token}): the refresh-token grant with {@code client_id},
 * {@code client_secret} and {@code refresh_token}, 20-minute access tokens, optional rotation (each
 * refresh returns a new refresh token and retires the old one), and Auth0's error shape
 * {@code {"error": "...", "error_description": "..."}}.
 */
final class TradeStationTokens {
    record Access(String clientId, Set<String> accounts, Instant expiresAt) {
    }

    record Answer(int status, ObjectNode body) {
    }

    private record Grant(String clientId, Set<String> accounts) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> apps = new ConcurrentHashMap<>();
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, Access> accessTokens = new ConcurrentHashMap<>();
    private volatile boolean rotate;
    private volatile Duration lifetime = Duration.ofMinutes(20);

    void registerApp(String clientId, String clientSecret) {
        apps.put(clientId, clientSecret);
    }

    /** A refresh token, as the authorization-code flow would have given the user of these accounts. */
    String issueRefreshToken(String clientId, Set<String> accounts) {
        String token = newToken();
        refreshTokens.put(token, new Grant(clientId, Set.copyOf(accounts)));
        return token;
    }

    /** A refresh token chosen by the caller (one the account's configuration already holds). */
    void grantRefreshToken(String token, String clientId, Set<String> accounts) {
        refreshTokens.put(token, new Grant(clientId, Set.copyOf(accounts)));
    }

    void rotate(boolean on) {
        rotate = on;
    }

    void lifetime(Duration d) {
        lifetime = d;
    }

    void revoke(String refreshToken) {
        refreshTokens.remove(refreshToken);
    }

    void expireAccessTokens(Instant now) {
        accessTokens.replaceAll((token, a) -> new Access(a.clientId(), a.accounts(), now));
    }

    /** The grant a valid bearer token carries, or null when it is unknown or expired. */
    Access check(String bearer, Instant now) {
        Access a = bearer == null ? null : accessTokens.get(bearer);
        return a == null || !now.isBefore(a.expiresAt()) ? null : a;
    }

    Answer token(Map<String, String> form, Instant now) {
        String grantType = form.get("grant_type");
        if (grantType == null || form.get("client_id") == null) {
            return error(400, "invalid_request", "Missing required parameter: "
                    + (grantType == null ? "grant_type" : "client_id"));
        }
        if (!grantType.equals("refresh_token")) {
            return error(403, "unsupported_grant_type", "Unsupported grant type: " + grantType);
        }
        String clientId = form.get("client_id");
        String secret = apps.get(clientId);
        if (secret == null || !secret.equals(form.get("client_secret"))) {
            return error(401, "access_denied", "Unauthorized");
        }
        String refreshToken = form.get("refresh_token");
        if (refreshToken == null) {
            return error(400, "invalid_request", "Missing required parameter: refresh_token");
        }
        Grant grant = refreshTokens.get(refreshToken);
        if (grant == null || !grant.clientId().equals(clientId)) {
            return error(403, "invalid_grant", "Unknown or invalid refresh token.");
        }
        String access = newToken();
        accessTokens.put(access, new Access(clientId, grant.accounts(), now.plus(lifetime)));
        ObjectNode body = TradeStationBook.JSON.createObjectNode().put("access_token", access);
        if (rotate) {
            refreshTokens.remove(refreshToken);
            body.put("refresh_token", issueRefreshToken(clientId, grant.accounts()));
        }
        body.put("id_token", newToken())
                .put("scope", "openid profile offline_access MarketData ReadAccount Trade")
                .put("expires_in", lifetime.toSeconds())
                .put("token_type", "Bearer");
        return new Answer(200, body);
    }

    private static Answer error(int status, String error, String description) {
        return new Answer(status, TradeStationBook.JSON.createObjectNode().put("error", error)
                .put("error_description", description));
    }

    private String newToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
