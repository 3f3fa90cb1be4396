package io.copygate.delivery;

import io.copygate.broker.RateLimitedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: the n-th retry waits the n-th delay of the schedule
 * (default 1 s, 5 s, 15 s, 1 min, 5 min) spread by ± jitter, so a broker outage does not end in a
 * thundering herd when it recovers; a broker's Retry-After wins over the schedule. After the last
 * delay, the delivery is a dead letter.
 */
public final class RetrySchedule {
    private final List<Duration> delays;
    private final double jitter;

    public RetrySchedule(List<Duration> delays, double jitter) {
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("retry jitter must be in [0, 1), was " + jitter);
        }
        this.delays = List.copyOf(delays);
        this.jitter = jitter;
    }

    /** Parses {@code "1s,5s,15s,1m,5m"} (units ms, s, m, h). */
    public static RetrySchedule parse(String schedule, double jitter) {
        List<Duration> delays = new ArrayList<>();
        for (String part : schedule.split(",")) {
            String p = part.trim().toLowerCase();
            if (p.isEmpty()) {
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(p);
            if (!m.matches()) {
                throw new IllegalArgumentException("retry delay '" + part + "' must be a number with ms, s, m or h");
            }
            long n = Long.parseLong(m.group(1));
            delays.add(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
        }
        return new RetrySchedule(delays, jitter);
    }

    /** How many retries follow the first attempt. */
    public int retries() {
        return delays.size();
    }

    /** Whether retry number {@code retry} (1-based) is still in the schedule. */
    public boolean allows(int retry) {
        return retry >= 1 && retry <= delays.size();
    }

    /** The wait before retry number {@code retry} (1-based) after {@code failure}. */
    public Duration delayBefore(int retry, Throwable failure) {
        if (failure instanceof RateLimitedException limited && limited.retryAfter() != null) {
            // never earlier than the broker asked; a little later so a burst of followers does not return together
            long ms = limited.retryAfter().toMillis();
            return Duration.ofMillis(ms + (long) (ms * jitter * ThreadLocalRandom.current().nextDouble()));
        }
        Duration base = delays.get(Math.min(Math.max(retry, 1), delays.size()) - 1);
        double spread = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.round(base.toMillis() * spread));
    }
}
