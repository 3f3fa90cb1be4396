package io.copygate.ingest;

import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import io.copygate.signal.InvalidSignalException;
import io.copygate.signal.MonthCode;
import java.time.Month;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the ticker forms that alerts carry into canonical instruments: TradingView's exchange prefix
 * ({@code CME_MINI:ES1!}) is dropped; continuous futures ({@code ES1!}), dated futures
 * ({@code ESZ2025}, {@code ESZ25}, NinjaTrader's {@code ES 12-25}), equities ({@code AAPL}), crypto pairs
 * ({@code BTCUSDT}, {@code BTC/USD}, {@code BTC-USD}) and OCC-style options ({@code SPY 250624C596}).
 * Futures are recognised only for roots listed in config/instruments.yaml, so a share whose ticker
 * happens to end in a month code and two digits is not mistaken for a future.
 */
public final class TickerParser {
    private static final Pattern PREFIX = Pattern.compile("^[A-Z0-9_]+:");
    private static final Pattern CONTINUOUS = Pattern.compile("^([A-Z0-9]{1,5}?)(\\d)!$");
    private static final Pattern DATED = Pattern.compile("^([A-Z0-9]{1,5}?)([FGHJKMNQUVXZ])(\\d{4}|\\d{2}|\\d)$");
    private static final Pattern NINJA = Pattern.compile("^([A-Z0-9]{1,5}) (\\d{2})-(\\d{2})$");
    private static final Pattern OPTION = Pattern.compile("^[A-Z]{1,6} \\d{6}[CP]\\d+(\\.\\d+)?$");
    private static final Pattern EQUITY = Pattern.compile("^[A-Z][A-Z0-9.]{0,9}$");
    private static final Pattern PAIR = Pattern.compile("^([A-Z0-9]{2,10})[/-]([A-Z0-9]{2,10})$");
    private static final Set<String> QUOTES = Set.of("USDT", "USDC", "USD", "EUR", "GBP", "BTC", "ETH", "FDUSD");
    private static final Set<String> CRYPTO_EXCHANGES = Set.of("BINANCE", "COINBASE", "KRAKEN", "BYBIT", "OKX", "KUCOIN",
            "BITSTAMP", "GEMINI", "BITFINEX", "CRYPTO");
    private static final Set<String> CRYPTO_BASES = Set.of("BTC", "XBT", "ETH", "SOL", "XRP", "ADA", "DOGE", "LTC", "BNB",
            "AVAX", "DOT", "LINK", "MATIC", "BCH", "SHIB", "TRX", "UNI", "ATOM", "XLM", "ETC");

    private final Set<String> futuresRoots;
    private final java.time.Clock clock;

    public TickerParser(Set<String> futuresRoots, java.time.Clock clock) {
        this.futuresRoots = Set.copyOf(futuresRoots);
        this.clock = clock;
    }

    public Instrument parse(String ticker) {
        if (ticker == null || ticker.isBlank()) {
            throw InvalidSignalException.invalid("ticker", "ticker is required");
        }
        String raw = ticker.trim().toUpperCase(Locale.ROOT);
        String exchange = null;
        Matcher prefix = PREFIX.matcher(raw);
        if (prefix.find()) {
            exchange = raw.substring(0, prefix.end() - 1);
            raw = raw.substring(prefix.end());
        }
        Matcher m = CONTINUOUS.matcher(raw);
        if (m.matches()) {
            return Instrument.continuous(m.group(1), Integer.parseInt(m.group(2)));
        }
        m = NINJA.matcher(raw);
        if (m.matches() && futuresRoots.contains(m.group(1))) {
            return Instrument.future(m.group(1), YearMonth.of(2000 + Integer.parseInt(m.group(3)),
                    Month.of(checkedMonth(Integer.parseInt(m.group(2)), ticker))));
        }
        m = DATED.matcher(raw);
        if (m.matches() && futuresRoots.contains(m.group(1))) {
            return Instrument.future(m.group(1), YearMonth.of(year(m.group(3)), MonthCode.month(m.group(2).charAt(0))));
        }
        if (OPTION.matcher(raw).matches()) {
            return new Instrument(raw, AssetClass.OPTION, raw.substring(0, raw.indexOf(' ')), null, 0);
        }
        Instrument pair = cryptoPair(raw, exchange != null && CRYPTO_EXCHANGES.contains(exchange));
        if (pair != null) {
            return pair;
        }
        if (EQUITY.matcher(raw).matches()) {
            return Instrument.equity(raw);
        }
        throw InvalidSignalException.invalid("ticker", "unknown ticker format '" + ticker + "': expected e.g. ES1!, "
                + "ESZ2025, ES 12-25, AAPL, BTCUSDT or BTC/USD");
    }

    private Instrument cryptoPair(String raw, boolean cryptoExchange) {
        Matcher m = PAIR.matcher(raw);
        if (m.matches()) {
            return Instrument.crypto(base(m.group(1)), m.group(2));
        }
        for (String quote : QUOTES) {
            if (raw.endsWith(quote) && raw.length() > quote.length() + 1) {
                String base = raw.substring(0, raw.length() - quote.length());
                if (cryptoExchange || CRYPTO_BASES.contains(base)) {
                    return Instrument.crypto(base(base), quote);
                }
            }
        }
        return null;
    }

    private static String base(String asset) {
        return "XBT".equals(asset) ? "BTC" : asset;
    }

    private int year(String digits) {
        if (digits.length() == 4) {
            return Integer.parseInt(digits);
        }
        int now = java.time.LocalDate.now(clock).getYear();
        if (digits.length() == 2) {
            return (now / 100) * 100 + Integer.parseInt(digits);
        }
        // one-digit year (Tradovate style): the nearest year from now on with that last digit
        int y = now - now % 10 + Integer.parseInt(digits);
        return y < now - 1 ? y + 10 : y;
    }

    private static int checkedMonth(int month, String ticker) {
        if (month < 1 || month > 12) {
            throw InvalidSignalException.invalid("ticker", "month " + month + " in '" + ticker + "' is not 01-12");
        }
        return month;
    }
}
