package io.copygate.sim.alpaca;

import io.vertx.core.http.ServerWebSocket;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Alpaca account in the sandbox: its key pair, cash, positions and orders, its request budget,
 * and the faults a test injected for it. Orders, positions and cash change only under
 * {@code synchronized (account)}: accounts never share a lock, so a thousand followers are served in
 * parallel.
 */
final class SimAccount {
    final String name;
    final String id = SimOrder.uuid();
    final String accountNumber;
    final String keyId;
    private volatile byte[] secret;

    // trading state, guarded by this
    BigDecimal cash;
    final int multiplier;
    final Map<String, SimOrder> ordersById = new HashMap<>();
    final Map<String, SimOrder> ordersByClientId = new HashMap<>();
    final List<SimOrder> ordersInSubmission = new ArrayList<>();
    /** Orders not yet final, so checks at placement never walk the whole order history. */
    final Set<SimOrder> open = new LinkedHashSet<>();
    final Map<String, Position> positions = new LinkedHashMap<>();

    // request budget (fixed window per minute, as Alpaca resets it at X-RateLimit-Reset), guarded by this
    private long windowStartMillis;
    private int windowCount;
    volatile int rateLimitOverride = -1;
    volatile long forcedRateLimitUntilMillis;

    // injected faults
    volatile int failStatus;
    final AtomicInteger failRemaining = new AtomicInteger();
    volatile long answerDelayMillis;
    volatile boolean keysRevoked;
    volatile boolean streamRefused;
    final AtomicInteger dropStreamAfterEvents = new AtomicInteger(-1);

    final Set<ServerWebSocket> listeners = ConcurrentHashMap.newKeySet();

    SimAccount(String name, String keyId, String secret, BigDecimal cash, int multiplier) {
        this.name = name;
        this.keyId = keyId;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.cash = cash;
        this.multiplier = multiplier;
        this.accountNumber = "PA" + Integer.toUnsignedString(name.hashCode(), 36).toUpperCase();
    }

    /** Constant-time comparison: the sandbox should not teach anyone a timing side channel. */
    boolean secretMatches(String candidate) {
        return candidate != null && !keysRevoked
                && MessageDigest.isEqual(secret, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Counts one request; returns the budget state for the X-RateLimit headers. */
    synchronized RateWindow countRequest(int defaultLimit, long nowMillis) {
        int limit = rateLimitOverride >= 0 ? rateLimitOverride : defaultLimit;
        if (nowMillis - windowStartMillis >= 60_000) {
            windowStartMillis = nowMillis;
            windowCount = 0;
        }
        windowCount++;
        long resetEpochSeconds = (windowStartMillis + 60_000 + 999) / 1000;
        boolean forced = nowMillis < forcedRateLimitUntilMillis;
        if (forced) {
            resetEpochSeconds = (forcedRateLimitUntilMillis + 999) / 1000;
        }
        boolean exceeded = forced || (limit > 0 && windowCount > limit);
        return new RateWindow(limit, limit > 0 ? Math.max(0, limit - windowCount) : Integer.MAX_VALUE,
                resetEpochSeconds, exceeded);
    }

    record RateWindow(int limit, int remaining, long resetEpochSeconds, boolean exceeded) {
    }

    /** A position in Alpaca's terms; {@code qty} is signed (negative = short). */
    static final class Position {
        final String symbol;
        final boolean crypto;
        BigDecimal qty = BigDecimal.ZERO;
        BigDecimal avgEntryPrice = BigDecimal.ZERO;

        Position(String symbol, boolean crypto) {
            this.symbol = symbol;
            this.crypto = crypto;
        }

        /** Applies one execution; the average entry price moves only when the position grows. */
        void apply(BigDecimal signedQty, BigDecimal price) {
            BigDecimal newQty = qty.add(signedQty);
            boolean grows = qty.signum() == 0 || qty.signum() == signedQty.signum();
            if (newQty.signum() == 0) {
                avgEntryPrice = BigDecimal.ZERO;
            } else if (grows) {
                avgEntryPrice = avgEntryPrice.multiply(qty.abs()).add(price.multiply(signedQty.abs()))
                        .divide(newQty.abs(), 9, RoundingMode.HALF_EVEN).stripTrailingZeros();
            } else if (newQty.signum() != qty.signum()) {
                avgEntryPrice = price; // flipped through zero: the remainder opened at this price
            }
            qty = newQty;
        }
    }

    Position position(String symbol, boolean crypto) {
        return positions.computeIfAbsent(symbol, s -> new Position(s, crypto));
    }
}
