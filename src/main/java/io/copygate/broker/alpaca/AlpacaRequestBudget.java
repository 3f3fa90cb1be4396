package io.copygate.broker.alpaca;

import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.RateLimitedException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alpaca's per-account request limit kept on our side (resilience4j, one limiter per account): 200
 * requests per minute by default, the account setting {@code rateLimitPerMinute} for accounts on a
 * larger plan, 0 for none (benchmarks against the sandbox). Never waits: a call over the limit fails
 * with {@link RateLimitedException} carrying the time until the next permit, and the destination
 * route's retry waits that long.
 */
final class AlpacaRequestBudget {
    static final int DEFAULT_PER_MINUTE = 200;
    private final Map<String, Limit> limits = new ConcurrentHashMap<>();

    private record Limit(int perMinute, AtomicRateLimiter limiter) {
    }

    void take(BrokerAccount account) {
        int perMinute = perMinute(account);
        if (perMinute == 0) {
            return;
        }
        Limit limit = limits.compute(account.id(), (id, old) -> old != null && old.perMinute() == perMinute ? old
                : new Limit(perMinute, new AtomicRateLimiter("alpaca-" + id, RateLimiterConfig.custom()
                        .limitForPeriod(perMinute)
                        .limitRefreshPeriod(Duration.ofMinutes(1))
                        .timeoutDuration(Duration.ZERO)
                        .build())));
        RateLimiter limiter = limit.limiter();
        if (!limiter.acquirePermission()) {
            Duration wait = Duration.ofNanos(Math.max(0, limit.limiter().getDetailedMetrics().getNanosToWait()));
            throw new RateLimitedException("Alpaca account " + account.id() + " used its " + perMinute
                    + " requests per minute; next permit in " + wait.toMillis() + " ms (not sent)", wait);
        }
    }

    private static int perMinute(BrokerAccount account) {
        String value = account.setting("rateLimitPerMinute", String.valueOf(DEFAULT_PER_MINUTE)).trim();
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new AccountFailedException("account " + account.id()
                    + ": setting 'rateLimitPerMinute' must be a whole number of at least 0, was '" + value + "'");
        }
    }
}
