package io.copygate.broker;

import java.time.Duration;

/** The broker answered "too many requests": retried after the broker's own Retry-After. */
public class RateLimitedException extends BrokerUnavailableException {
    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long the broker asked us to wait; null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
