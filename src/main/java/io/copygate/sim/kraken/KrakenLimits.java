package io.copygate.sim.kraken;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Kraken's call-rate limits as the sandbox enforces them: a REST counter per API key (+1 a call,
 * +2 for trade history and ledgers, AddOrder/CancelOrder/AmendOrder use the trading limiter instead)
 * that decays per second, {@code EAPI:Rate limit exceeded} above its maximum; and a trading counter
 * per key and pair, {@code EOrder:Rate limit exceeded} above its threshold. Defaults: the Starter
 * tier's 15 and 0.33/s, and 60 trading with 1/s decay.
 */
final class KrakenLimits {
    private final Clock clock;
    private double maxCounter = 15;
    private double decayPerSecond = 0.33;
    private double tradingThreshold = 60;
    private final Map<String, double[]> counters = new HashMap<>(); // key → {value, at ms}

    KrakenLimits(Clock clock) {
        this.clock = clock;
    }

    synchronized void set(double maxCounter, double decayPerSecond, double tradingThreshold) {
        this.maxCounter = maxCounter;
        this.decayPerSecond = decayPerSecond;
        this.tradingThreshold = tradingThreshold;
    }

    synchronized void reset() {
        counters.clear();
    }

    /** Adds {@code cost} to the key's REST counter; false when that would exceed the maximum. */
    synchronized boolean admit(String apiKey, int cost) {
        return add("rest|" + apiKey, cost, maxCounter, decayPerSecond);
    }

    /** Adds one to the key's trading counter on the pair; false above the threshold. */
    synchronized boolean admitTrading(String apiKey, String pair) {
        return add("trade|" + apiKey + "|" + pair, 1, tradingThreshold, 1.0);
    }

    private boolean add(String key, double cost, double max, double decay) {
        long now = clock.millis();
        double[] c = counters.computeIfAbsent(key, k -> new double[] {0, now});
        c[0] = Math.max(0, c[0] - (now - c[1]) / 1000.0 * decay);
        c[1] = now;
        if (c[0] + cost > max) {
            return false;
        }
        c[0] += cost;
        return true;
    }
}
