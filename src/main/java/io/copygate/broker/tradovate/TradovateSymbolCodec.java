package io.copygate.broker.tradovate;

import io.copygate.broker.BrokerRejectedException;
import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import io.copygate.signal.MonthCode;
import java.time.Clock;
import java.time.Month;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical futures ↔ Tradovate symbols. Tradovate writes root + month code + the last digit of the
 * year ({@code ESZ5}, {@code MNQM1}, {@code CLZ6} in its own examples); canonical form has two year
 * digits ({@code ESZ25}). A single digit names a year only up to its decade, so decoding picks the
 * decade that puts the contract month nearest to today: a Tradovate symbol is taken to lie within
 * about five years of the current date (listed contracts and recent history do).
 */
public final class TradovateSymbolCodec {
    private static final Pattern SYMBOL = Pattern.compile("^([A-Z][A-Z0-9]*?)([FGHJKMNQUVXZ])(\\d)$");

    private final Clock clock;

    public TradovateSymbolCodec(Clock clock) {
        this.clock = clock;
    }

    /** {@code ESZ25} → {@code ESZ5}. Only resolved futures can be sent. */
    public String encode(Instrument instrument) {
        if (instrument == null) {
            throw new BrokerRejectedException("instrument: a Tradovate order needs an instrument");
        }
        if (instrument.assetClass() != AssetClass.FUTURE) {
            throw new BrokerRejectedException("instrument: Tradovate trades futures only, not "
                    + instrument.assetClass().name().toLowerCase() + " " + instrument.symbol());
        }
        if (instrument.isContinuous()) {
            throw new BrokerRejectedException("instrument: " + instrument.symbol()
                    + " is a continuous contract; resolve it to a contract month before sending it to Tradovate");
        }
        YearMonth expiry = instrument.expiry();
        return instrument.root() + MonthCode.of(expiry.getMonth()) + (expiry.getYear() % 10);
    }

    /** {@code ESZ5} → {@code ESZ25}, choosing the decade nearest to today. */
    public Instrument decode(String symbol) {
        Matcher m = symbol == null ? null : SYMBOL.matcher(symbol.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a Tradovate futures symbol (root + month code + year digit): '"
                    + symbol + "'");
        }
        Month month = MonthCode.month(m.group(2).charAt(0));
        int digit = m.group(3).charAt(0) - '0';
        YearMonth today = YearMonth.now(clock);
        int decade = today.getYear() - Math.floorMod(today.getYear(), 10);
        YearMonth best = null;
        for (int d = decade - 10; d <= decade + 10; d += 10) {
            YearMonth candidate = YearMonth.of(d + digit, month);
            if (best == null || distance(candidate, today) < distance(best, today)) {
                best = candidate;
            }
        }
        return Instrument.future(m.group(1), best);
    }

    private static long distance(YearMonth a, YearMonth b) {
        return Math.abs(ChronoUnit.MONTHS.between(a, b));
    }
}
