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

    /**
     * The contract a continuous symbol ({@code ES1!}) resolved to, remembering its index: a cancel sent on
     * the continuous symbol after a roll must still reach copies on the contract it meant before.
     */
    public static Instrument resolved(String root, YearMonth expiry, int continuousIndex) {
        Instrument contract = future(root, expiry);
        return new Instrument(contract.symbol(), AssetClass.FUTURE, root, expiry, continuousIndex);
    }

    /** True for a contract resolved from a continuous symbol ({@link #resolved}). */
    public boolean resolvedFromContinuous() {
        return assetClass == AssetClass.FUTURE && expiry != null && continuousIndex > 0;
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

    /**
     * Reads back a canonical symbol written by this class ({@code ESZ25}, {@code ES1!}, {@code AAPL},
     * {@code BTC/USD}), e.g. from the database.
     */
    public static Instrument parse(String symbol, AssetClass assetClass) {
        switch (assetClass) {
            case FUTURE -> {
                if (symbol.endsWith("!")) {
                    int i = symbol.length() - 2;
                    while (i > 0 && Character.isDigit(symbol.charAt(i - 1))) {
                        i--;
                    }
                    return continuous(symbol.substring(0, i), Integer.parseInt(symbol.substring(i, symbol.length() - 1)));
                }
                int n = symbol.length();
                java.time.Month month = n >= 4 ? MonthCode.month(symbol.charAt(n - 3)) : null;
                if (month == null || !Character.isDigit(symbol.charAt(n - 1)) || !Character.isDigit(symbol.charAt(n - 2))) {
                    throw new IllegalArgumentException("not a canonical futures symbol: " + symbol);
                }
                int year = 2000 + Integer.parseInt(symbol.substring(n - 2));
                return future(symbol.substring(0, n - 3), YearMonth.of(year, month));
            }
            case CRYPTO -> {
                int slash = symbol.indexOf('/');
                if (slash <= 0) {
                    throw new IllegalArgumentException("not a canonical crypto pair: " + symbol);
                }
                return crypto(symbol.substring(0, slash), symbol.substring(slash + 1));
            }
            default -> {
                return new Instrument(symbol, assetClass, symbol, null, 0);
            }
        }
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
