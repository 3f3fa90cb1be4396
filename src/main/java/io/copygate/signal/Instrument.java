package io.copygate.signal;

import java.time.YearMonth;
import java.util.Objects;

/**
 * A tradable instrument in copygate's canonical form. Futures are a root plus a contract
 * month ({@code ESZ25} = ES, December 2025); a continuous future ({@code ES1!}) names a root
 * and the n-th nearby contract and must be resolved to a month before an order is placed.
 * Equities are their ticker ({@code AAPL}); crypto pairs are {@code BASE/QUOTE} ({@code BTC/USD}).
 * Each broker adapter owns the codec from and to its own symbol format.
 */
public record Instrument(String symbol, AssetClass assetClass, String root, YearMonth expiry, int continuousIndex) {

    public Instrument {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(assetClass, "assetClass");
    }

    public static Instrument future(String root, YearMonth expiry) {
        String yy = String.format("%02d", expiry.getYear() % 100);
        return new Instrument(root + MonthCode.of(expiry.getMonth()) + yy, AssetClass.FUTURE, root, expiry, 0);
    }

    public static Instrument continuous(String root, int index) {
        return new Instrument(root + index + "!", AssetClass.FUTURE, root, null, index);
    }

    public static Instrument equity(String ticker) {
        return new Instrument(ticker, AssetClass.EQUITY, ticker, null, 0);
    }

    public static Instrument crypto(String base, String quote) {
        return new Instrument(base + "/" + quote, AssetClass.CRYPTO, base, null, 0);
    }

    /** A continuous future that still has to be resolved to its front month. */
    public boolean isContinuous() {
        return assetClass == AssetClass.FUTURE && expiry == null;
    }

    @Override
    public String toString() {
        return symbol;
    }
}
