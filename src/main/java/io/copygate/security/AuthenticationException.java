package io.copygate.security;

/**
 * A request that is not allowed in, with the status to answer: 401 bad or stale signature, 403 a
 * source address outside the token's allowlist, 404 an unknown webhook token (indistinguishable
 * from a wrong path, so tokens cannot be probed).
 */
public class AuthenticationException extends RuntimeException {
    private final int status;

    public AuthenticationException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
