package io.copygate.broker.tradestation;

import io.copygate.broker.BrokerRejectedException;
import io.copygate.signal.Instrument;
import io.copygate.signal.MonthCode;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical instruments ↔ TradeStation symbols. Futures are root + month code + two-digit year,
 * the same as canonical ({@code ESZ25}); the continuous front contract is {@code @ES} (TradeStation
 * also writes {@code @ESZ25} for a specific month, read here as that month); equities are their ticker.
 */
public final class TradeStationSymbolCodec {
    private static final Pattern FUTURE = Pattern.compile("^@?([A-Z][A-Z0-9]*?)([FGHJKMNQUVXZ])(\\d{2})$");
    private static final Pattern CONTINUOUS = Pattern.compile("^@([A-Z][A-Z0-9]*)$");

    /** Canonical → TradeStation. */
    public String encode(Instrument instrument) {
        if (instrument == null) {
            throw new BrokerRejectedException("instrument: a TradeStation order needs an instrument");
        }
        return switch (instrument.assetClass()) {
            case FUTURE -> {
                if (instrument.isContinuous()) {
                    if (instrument.continuousIndex() != 1) {
                        throw new BrokerRejectedException("instrument: TradeStation names only the front contract "
                                + "continuously (@" + instrument.root() + "), not " + instrument.symbol());
                    }
                    yield "@" + instrument.root();
                }
                YearMonth expiry = instrument.expiry();
                yield instrument.root() + MonthCode.of(expiry.getMonth()) + String.format("%02d", expiry.getYear() % 100);
            }
            case EQUITY -> instrument.symbol();
            default -> throw new BrokerRejectedException("instrument: copygate does not send "
                    + instrument.assetClass().name().toLowerCase() + " orders to TradeStation (" + instrument.symbol() + ")");
        };
    }

    /**
     * TradeStation → canonical. {@code assetType} is the order leg's {@code AssetType} when known
     * ({@code FUTURE}, {@code STOCK}); without it the symbol's shape decides.
     */
    public Instrument decode(String symbol, String assetType) {
        String s = symbol == null ? "" : symbol.trim();
        Matcher continuous = CONTINUOUS.matcher(s);
        Matcher future = FUTURE.matcher(s);
        if (future.matches() && !"STOCK".equals(assetType)) {
            int year = 2000 + Integer.parseInt(future.group(3));
            return Instrument.future(future.group(1), YearMonth.of(year, MonthCode.month(future.group(2).charAt(0))));
        }
        if (continuous.matches()) {
            return Instrument.continuous(continuous.group(1), 1);
        }
        if ("FUTURE".equals(assetType)) {
            throw new IllegalArgumentException("not a TradeStation futures symbol: '" + symbol + "'");
        }
        if (s.matches("^[A-Z][A-Z0-9.]{0,9}$")) {
            return Instrument.equity(s);
        }
        throw new IllegalArgumentException("not a TradeStation symbol copygate understands: '" + symbol + "'");
    }

}
