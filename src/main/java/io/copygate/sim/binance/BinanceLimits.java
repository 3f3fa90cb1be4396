package io.copygate.sim.binance;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Binance's rate limits as the sandbox enforces them: request weight per IP per minute (429
 * {@code -1003}), new orders per account per 10 s (429 {@code -1015}), both with Retry-After; a
 * client that sends again before its Retry-After has passed is banned (418, {@code -1003} "IP
 * banned until"), as Binance does to clients that ignore 429s.
 */
final class BinanceLimits {
    /** A refusal: HTTP status, Binance code and message, seconds to wait. */
    record Refusal(int status, int code, String msg, long retryAfterSeconds) {
    }

    private static final long BAN_SECONDS = 120; // Binance's shortest ban: 2 minutes

    private final Clock clock;
    private int weightPerMinute = 6000;
    private int ordersPer10s = 100;
    private long minuteStart;
    private int weightUsed;
    private final Map<String, Deque<Long>> orderTimes = new HashMap<>();
    private long waitUntil;   // after a 429: nothing before this
    private long bannedUntil; // after ignoring a 429

    BinanceLimits(Clock clock) {
        this.clock = clock;
    }

    synchronized void set(int weightPerMinute, int ordersPer10s) {
        this.weightPerMinute = weightPerMinute;
        this.ordersPer10s = ordersPer10s;
    }

    synchronized void reset() {
        minuteStart = 0;
        weightUsed = 0;
        orderTimes.clear();
        waitUntil = 0;
        bannedUntil = 0;
    }

    synchronized int weightUsed() {
        return weightUsed;
    }

    /** Counts a request's weight; a refusal when the IP is over its limit, told to wait, or banned. */
    synchronized Refusal admit(int weight) {
        long now = clock.millis();
        if (now < bannedUntil) {
            return banned(now);
        }
        if (now < waitUntil) {
            bannedUntil = now + BAN_SECONDS * 1000;
            return banned(now);
        }
        if (now - minuteStart >= 60_000) {
            minuteStart = now - now % 60_000;
            weightUsed = 0;
        }
        weightUsed += weight;
        if (weightUsed > weightPerMinute) {
            long wait = Math.max(1, (minuteStart + 60_000 - now + 999) / 1000);
            waitUntil = now + wait * 1000;
            return new Refusal(429, -1003, "Too much request weight used; current limit is " + weightPerMinute
                    + " request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.",
                    wait);
        }
        return null;
    }

    /** Counts a new order of the account; a refusal over the order-count limit. */
    synchronized Refusal admitOrder(String account) {
        long now = clock.millis();
        Deque<Long> times = orderTimes.computeIfAbsent(account, k -> new ArrayDeque<>());
        while (!times.isEmpty() && now - times.peekFirst() >= 10_000) {
            times.pollFirst();
        }
        if (times.size() >= ordersPer10s) {
            long wait = Math.max(1, (times.peekFirst() + 10_000 - now + 999) / 1000);
            return new Refusal(429, -1015, "Too many new orders; current limit is " + ordersPer10s
                    + " orders per 10 SECOND.", wait);
        }
        times.addLast(now);
        return null;
    }

    private Refusal banned(long now) {
        long wait = Math.max(1, (bannedUntil - now + 999) / 1000);
        return new Refusal(418, -1003, "Way too much request weight used; IP banned until " + bannedUntil
                + ". Please use WebSocket Streams for live updates to avoid bans.", wait);
    }

    /** A fault-injected 429 also starts a wait, so that ignoring it bans. */
    synchronized void startWait(long seconds) {
        waitUntil = clock.millis() + seconds * 1000;
    }

    synchronized void startBan(long seconds) {
        bannedUntil = clock.millis() + seconds * 1000;
    }
}
