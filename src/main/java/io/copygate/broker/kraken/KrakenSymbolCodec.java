package io.copygate.broker.kraken;

import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import java.util.List;
import java.util.Map;

/**
 * Kraken's pair names to canonical pairs and back. Kraken spells a pair several ways: the REST
 * pair id {@code XXBTZUSD} (assets with X/Z prefixes), the altname {@code XBTUSD}, the v1 wsname
 * {@code XBT/USD} and the WebSocket v2 symbol {@code BTC/USD}; its asset codes differ from common
 * ones (XBT = BTC, XDG = DOGE). All read to canonical {@code BTC/USD}; orders are sent with the
 * altname.
 */
public final class KrakenSymbolCodec {
    /** Kraken asset code → common code. */
    private static final Map<String, String> ALIASES = Map.of("XBT", "BTC", "XDG", "DOGE");
    /** Quote assets for reading altnames without a separator, longest first. */
    private static final List<String> QUOTES = java.util.stream.Stream.of("USDT", "USDC", "USD", "EUR", "GBP", "CAD",
            "JPY", "CHF", "AUD", "XBT", "ETH", "DAI", "PYUSD").sorted((a, b) -> b.length() - a.length()).toList();

    /** The altname Kraken takes in {@code pair} ({@code BTC/USD} → {@code XBTUSD}). */
    public String toVenue(Instrument instrument) {
        if (instrument == null || instrument.assetClass() != AssetClass.CRYPTO) {
            throw new IllegalArgumentException("Kraken Spot trades crypto pairs only, not " + instrument);
        }
        String[] parts = instrument.symbol().split("/");
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("instrument symbol must be BASE/QUOTE, was " + instrument.symbol());
        }
        return krakenAsset(parts[0]) + krakenAsset(parts[1]);
    }

    /** Any Kraken spelling of a pair ({@code XXBTZUSD}, {@code XBTUSD}, {@code XBT/USD}, {@code BTC/USD}). */
    public Instrument toInstrument(String pair) {
        String p = pair.toUpperCase();
        int slash = p.indexOf('/');
        if (slash > 0) {
            return Instrument.crypto(commonAsset(p.substring(0, slash)), commonAsset(p.substring(slash + 1)));
        }
        if (p.length() == 8 && isPrefixed(p.substring(0, 4)) && isPrefixed(p.substring(4))) {
            return Instrument.crypto(commonAsset(p.substring(0, 4)), commonAsset(p.substring(4)));
        }
        for (String quote : QUOTES) {
            for (String q : new String[] {quote, "Z" + quote, "X" + quote}) {
                if (p.endsWith(q) && p.length() > q.length()) {
                    return Instrument.crypto(commonAsset(p.substring(0, p.length() - q.length())), commonAsset(q));
                }
            }
        }
        throw new IllegalArgumentException("Kraken pair " + pair + " has no known quote asset");
    }

    /** A Kraken asset code in common terms: strips the X/Z prefix of 4-letter legacy codes, maps aliases. */
    public static String commonAsset(String kraken) {
        String a = kraken.toUpperCase();
        if (a.length() == 4 && isPrefixed(a)) {
            a = a.substring(1);
        }
        return ALIASES.getOrDefault(a, a);
    }

    static String krakenAsset(String common) {
        String a = common.toUpperCase();
        for (Map.Entry<String, String> e : ALIASES.entrySet()) {
            if (e.getValue().equals(a)) {
                return e.getKey();
            }
        }
        return a;
    }

    private static boolean isPrefixed(String code) {
        return code.length() == 4 && (code.charAt(0) == 'X' || code.charAt(0) == 'Z')
                && List.of("XXBT", "XETH", "XXDG", "XLTC", "XXRP", "XXLM", "XETC", "XMLN", "XREP", "XZEC", "XXMR",
                "ZUSD", "ZEUR", "ZGBP", "ZCAD", "ZJPY", "ZAUD", "ZCHF").contains(code);
    }
}
