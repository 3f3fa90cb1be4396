package io.copygate.broker.ninjatrader;

import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NinjaTrader's futures names ({@code ES 12-25}: root, a space, contract month {@code MM-YY}) and
 * copygate's canonical futures ({@code ESZ25}), both ways. Only dated futures are mapped: a continuous
 * future must be resolved to its month first, and stocks, forex and crypto are refused rather than
 * guessed at (NinjaTrader names them per data feed).
 */
public final class NinjaTraderSymbolCodec {
    private static final Pattern NAME = Pattern.compile("^([A-Z0-9]{1,8}) (\\d{2})-(\\d{2})$");
    private static final Pattern ROOT = Pattern.compile("^[A-Z0-9]{1,8}$");

    private NinjaTraderSymbolCodec() {
    }

    /** {@code ESZ25} → {@code ES 12-25}; IllegalArgumentException for what NinjaTrader's name cannot say clearly. */
    public static String toNinjaTrader(Instrument instrument) {
        if (instrument.assetClass() != AssetClass.FUTURE) {
            throw new IllegalArgumentException("the NinjaTrader bridge trades futures only; " + instrument.symbol()
                    + " is " + instrument.assetClass().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (instrument.expiry() == null) {
            throw new IllegalArgumentException(instrument.symbol() + " is a continuous future; it must be resolved to a contract month");
        }
        if (instrument.root() == null || !ROOT.matcher(instrument.root()).matches()) {
            throw new IllegalArgumentException("future root '" + instrument.root() + "' has no NinjaTrader name");
        }
        YearMonth m = instrument.expiry();
        if (m.getYear() < 2000 || m.getYear() > 2099) {
            throw new IllegalArgumentException(instrument.symbol() + ": year " + m.getYear() + " has no two-digit NinjaTrader form");
        }
        return String.format("%s %02d-%02d", instrument.root(), m.getMonthValue(), m.getYear() % 100);
    }

    /** {@code ES 12-25} → {@code ESZ25}; IllegalArgumentException for any other form. */
    public static Instrument fromNinjaTrader(String name) {
        Matcher n = name == null ? null : NAME.matcher(name);
        if (n == null || !n.matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a NinjaTrader futures name like ES 12-25");
        }
        int month = Integer.parseInt(n.group(2));
        if (month < 1 || month > 12) {
            throw new IllegalArgumentException("'" + name + "' has month " + n.group(2) + "; months are 01 to 12");
        }
        return Instrument.future(n.group(1), YearMonth.of(2000 + Integer.parseInt(n.group(3)), month));
    }
}
