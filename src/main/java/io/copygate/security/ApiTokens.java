package io.copygate.security;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Guards the REST API with one bearer token, stored as its SHA-256 ({@code copygate.api.token-sha256}).
 * When none is configured the API is open, which is meant only for a gateway bound to localhost
 * (the demo); docs/security.md says so.
 */
public final class ApiTokens {
    private final byte[] expected;

    public ApiTokens(String tokenSha256) {
        this.expected = tokenSha256 == null || tokenSha256.isBlank() ? null : HexFormat.of().parseHex(tokenSha256.trim());
    }

    public void check(String authorization) {
        if (expected == null) {
            return;
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new AuthenticationException(401, "missing Authorization: Bearer <api token>");
        }
        byte[] given = HexFormat.of().parseHex(WebhookTokens.sha256(authorization.substring(7).trim()));
        if (!MessageDigest.isEqual(expected, given)) {
            throw new AuthenticationException(401, "wrong api token");
        }
    }
}
