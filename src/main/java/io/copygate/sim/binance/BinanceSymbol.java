package io.copygate.sim.binance;

import java.math.BigDecimal;

/** One symbol of the Binance sandbox with the filters it enforces (LOT_SIZE, PRICE_FILTER, NOTIONAL). */
public record BinanceSymbol(String symbol, String baseAsset, String quoteAsset, BigDecimal minQty, BigDecimal maxQty,
                            BigDecimal stepSize, BigDecimal minPrice, BigDecimal maxPrice, BigDecimal tickSize,
                            BigDecimal minNotional) {

    public static BinanceSymbol of(String base, String quote, String stepSize, String tickSize, String minNotional) {
        return new BinanceSymbol(base + quote, base, quote, new BigDecimal(stepSize), new BigDecimal("9000"),
                new BigDecimal(stepSize), new BigDecimal(tickSize), new BigDecimal("1000000"), new BigDecimal(tickSize),
                new BigDecimal(minNotional));
    }

    String marketKey() {
        return baseAsset + "/" + quoteAsset;
    }

    /** Binance's LOT_SIZE rule: within [minQty, maxQty] and (quantity - minQty) a multiple of stepSize. */
    boolean lotSizeAllows(BigDecimal qty) {
        return qty.compareTo(minQty) >= 0 && qty.compareTo(maxQty) <= 0
                && qty.subtract(minQty).remainder(stepSize).signum() == 0;
    }

    /** Binance's PRICE_FILTER rule. */
    boolean priceFilterAllows(BigDecimal price) {
        return price.compareTo(minPrice) >= 0 && price.compareTo(maxPrice) <= 0
                && price.subtract(minPrice).remainder(tickSize).signum() == 0;
    }
}
