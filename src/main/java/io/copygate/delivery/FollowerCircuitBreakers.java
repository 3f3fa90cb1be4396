package io.copygate.delivery;

import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.RateLimitedException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One circuit breaker per follower account (resilience4j): when a follower's broker keeps failing
 * (timeouts, 5xx, refused connections), its deliveries fail fast for a while instead of tying up
 * threads and connections, so the other followers of the same master are not slowed down. After the
 * wait one probe is let through (half-open). Rejects and rate limits are answers, not failures: they
 * never open a breaker. A delivery refused by an open breaker is retried on the schedule like any
 * unavailability and ends as a dead letter if the broker does not recover.
 */
public final class FollowerCircuitBreakers {
    private final CircuitBreakerRegistry registry;

    public FollowerCircuitBreakers(int windowSize, int minimumCalls, float failureRatePercent, Duration waitOpen) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(windowSize)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(waitOpen)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
        this.registry = CircuitBreakerRegistry.of(config);
    }

    /** Permission for one call to the follower's broker; throws a retryable error while it is open. */
    public CircuitBreaker acquire(String followerAccount) {
        CircuitBreaker breaker = registry.circuitBreaker(followerAccount);
        try {
            breaker.acquirePermission();
            return breaker;
        } catch (CallNotPermittedException open) {
            throw new BrokerUnavailableException("circuit breaker open for follower " + followerAccount
                    + ": its broker failed " + Math.round(breaker.getMetrics().getFailureRate()) + "% of the last "
                    + breaker.getMetrics().getNumberOfBufferedCalls() + " calls");
        }
    }

    /** Records how the permitted call ended. */
    public static void record(CircuitBreaker breaker, long startNanos, Throwable failure) {
        long took = System.nanoTime() - startNanos;
        if (failure instanceof BrokerUnavailableException && !(failure instanceof RateLimitedException)) {
            breaker.onError(took, TimeUnit.NANOSECONDS, failure);
        } else {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Closes a follower's breaker: an operator replaying its dead letters says its broker is back. If it
     * is not, the replayed deliveries fail and open the breaker again.
     */
    public void reset(String followerAccount) {
        registry.circuitBreaker(followerAccount).reset();
    }

    /** The breaker's state for a follower ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}), for health and tests. */
    public String state(String followerAccount) {
        return registry.circuitBreaker(followerAccount).getState().name();
    }
}
