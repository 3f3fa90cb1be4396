package io.copygate.sim.coinbase;

import java.math.BigDecimal;

/** A product of the Coinbase sandbox with the increments and minimums it enforces. */
public record CoinbaseProduct(String productId, String base, String quote, BigDecimal baseIncrement,
                              BigDecimal quoteIncrement, BigDecimal baseMinSize, BigDecimal baseMaxSize,
                              BigDecimal quoteMinSize) {

    public static CoinbaseProduct of(String base, String quote, String baseIncrement, String quoteIncrement,
                                     String baseMinSize, String quoteMinSize) {
        return new CoinbaseProduct(base + "-" + quote, base, quote, new BigDecimal(baseIncrement),
                new BigDecimal(quoteIncrement), new BigDecimal(baseMinSize), new BigDecimal("3400"),
                new BigDecimal(quoteMinSize));
    }

    String marketKey() {
        return base + "/" + quote;
    }
}
