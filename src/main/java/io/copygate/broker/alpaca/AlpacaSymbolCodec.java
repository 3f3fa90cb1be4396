package io.copygate.broker.alpaca;

import io.copygate.broker.BrokerRejectedException;
import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Canonical instruments to Alpaca symbols and back. Equities are their ticker ({@code AAPL},
 * {@code BRK.B}); crypto pairs are {@code BASE/QUOTE} ({@code BTC/USD}) on orders, while positions
 * and older stream messages name them without the slash ({@code BTCUSD}). Futures and options are
 * not traded through copygate's Alpaca adapter.
 */
public final class AlpacaSymbolCodec {
    private static final Pattern TICKER = Pattern.compile("[A-Z]{1,5}([.][A-Z]{1,2})?");
    private static final Pattern CRYPTO_PART = Pattern.compile("[A-Z0-9]{2,10}");
    /** Quote currencies of Alpaca's crypto pairs, longest first so USDT is not read as USD + T. */
    private static final List<String> QUOTES = List.of("USDT", "USDC", "USD", "BTC");

    private AlpacaSymbolCodec() {
    }

    /** The symbol for an order; a final reject for an instrument Alpaca cannot trade here. */
    public static String encode(Instrument instrument) {
        if (instrument == null) {
            throw new BrokerRejectedException("instrument: the order names no instrument");
        }
        if (instrument.assetClass() == AssetClass.EQUITY) {
            String ticker = instrument.symbol().trim().toUpperCase();
            if (!TICKER.matcher(ticker).matches()) {
                throw new BrokerRejectedException("instrument: '" + instrument.symbol() + "' is not a US equity ticker");
            }
            return ticker;
        }
        if (instrument.assetClass() == AssetClass.CRYPTO) {
            String[] parts = instrument.symbol().trim().toUpperCase().split("/");
            if (parts.length != 2 || !CRYPTO_PART.matcher(parts[0]).matches() || !QUOTES.contains(parts[1])) {
                throw new BrokerRejectedException("instrument: '" + instrument.symbol()
                        + "' is not an Alpaca crypto pair (BASE/QUOTE with quote " + QUOTES + ")");
            }
            return parts[0] + "/" + parts[1];
        }
        throw new BrokerRejectedException("instrument: Alpaca trades US equities and crypto through copygate; "
                + instrument.symbol() + " is a " + instrument.assetClass().name().toLowerCase());
    }

    /**
     * The canonical instrument of an Alpaca symbol.
     *
     * @param assetClass Alpaca's {@code asset_class} ({@code us_equity}, {@code crypto}); null guesses from the symbol
     */
    public static Instrument decode(String symbol, String assetClass) {
        String s = symbol.trim().toUpperCase();
        boolean crypto = "crypto".equals(assetClass) || (assetClass == null && s.contains("/"));
        if (crypto) {
            if (s.contains("/")) {
                String[] parts = s.split("/");
                return Instrument.crypto(parts[0], parts[1]);
            }
            for (String quote : QUOTES) {
                if (s.endsWith(quote) && s.length() > quote.length()) {
                    return Instrument.crypto(s.substring(0, s.length() - quote.length()), quote);
                }
            }
            throw new IllegalArgumentException("symbol: cannot split Alpaca crypto symbol '" + symbol + "'");
        }
        if (assetClass != null && !assetClass.equals("us_equity")) {
            throw new IllegalArgumentException("symbol: Alpaca asset class '" + assetClass + "' of '" + symbol
                    + "' is not supported");
        }
        return Instrument.equity(s);
    }
}
