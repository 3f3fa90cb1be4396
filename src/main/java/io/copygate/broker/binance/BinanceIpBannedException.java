package io.copygate.broker.binance;

import io.copygate.broker.RateLimitedException;
import java.time.Duration;

/**
 * Binance answered HTTP 418: it has banned this IP (from 2 minutes up to 3 days) because requests
 * went on after a 429. Retryable, but only after the ban: {@link #retryAfter()} is the ban's wait.
 * Every account behind this IP is affected, not just the one that tripped it.
 */
public class BinanceIpBannedException extends RateLimitedException {
    public BinanceIpBannedException(String message, Duration banWait) {
        super(message, banWait);
    }
}
