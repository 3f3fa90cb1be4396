package io.copygate.sim.spot;

import java.math.BigDecimal;

/**
 * A tradable pair on the simulated exchange: base and quote asset and the last price, which the
 * tests set (there is no order book: a market order fills whole at the last price).
 */
public final class SpotMarket {
    private final String base;
    private final String quote;
    volatile BigDecimal lastPrice;

    SpotMarket(String base, String quote) {
        this.base = base;
        this.quote = quote;
    }

    /** Canonical {@code BASE/QUOTE}. */
    public String key() { return base + "/" + quote; }
    public String base() { return base; }
    public String quote() { return quote; }
    public BigDecimal lastPrice() { return lastPrice; }
}
