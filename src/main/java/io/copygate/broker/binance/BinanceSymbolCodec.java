package io.copygate.broker.binance;

import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import java.util.List;

/**
 * Canonical crypto pairs ({@code BTC/USDT}) to Binance symbols ({@code BTCUSDT}) and back. Binance
 * symbols carry no separator, so reading one splits off the longest known quote asset; a symbol
 * with an unknown quote is an error naming it, never a guess.
 */
public final class BinanceSymbolCodec {
    /** Quote assets of Binance Spot; matched longest first so that e.g. FDUSD wins over USD. */
    private static final List<String> QUOTES = java.util.stream.Stream.of("FDUSD", "USDT", "USDC", "TUSD", "BUSD", "EURI", "TRY", "EUR",
            "BRL", "JPY", "MXN", "ARS", "ZAR", "PLN", "RON", "UAH", "COP", "GBP", "AUD", "BTC", "ETH", "BNB",
            "DAI", "XRP", "DOGE", "SOL", "TRX", "USD")
            .sorted((a, b) -> b.length() - a.length()).toList();

    public String toVenue(Instrument instrument) {
        if (instrument == null || instrument.assetClass() != AssetClass.CRYPTO) {
            throw new IllegalArgumentException("Binance Spot trades crypto pairs only, not " + instrument);
        }
        String[] parts = instrument.symbol().split("/");
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("instrument symbol must be BASE/QUOTE, was " + instrument.symbol());
        }
        return (parts[0] + parts[1]).toUpperCase();
    }

    public Instrument toInstrument(String symbol) {
        String s = symbol.toUpperCase();
        for (String quote : QUOTES) {
            if (s.endsWith(quote) && s.length() > quote.length()) {
                return Instrument.crypto(s.substring(0, s.length() - quote.length()), quote);
            }
        }
        throw new IllegalArgumentException("Binance symbol " + symbol + " has no known quote asset");
    }
}
