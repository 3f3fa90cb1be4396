package io.copygate.broker.coinbase;

import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;

/** Canonical pairs ({@code BTC/USD}) to Coinbase product ids ({@code BTC-USD}) and back. */
public final class CoinbaseSymbolCodec {

    public String toVenue(Instrument instrument) {
        if (instrument == null || instrument.assetClass() != AssetClass.CRYPTO) {
            throw new IllegalArgumentException("Coinbase Advanced Trade spot trades crypto pairs only, not " + instrument);
        }
        String[] parts = instrument.symbol().split("/");
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("instrument symbol must be BASE/QUOTE, was " + instrument.symbol());
        }
        return (parts[0] + "-" + parts[1]).toUpperCase();
    }

    public Instrument toInstrument(String productId) {
        String[] parts = productId.toUpperCase().split("-");
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("Coinbase product id must be BASE-QUOTE, was " + productId);
        }
        return Instrument.crypto(parts[0], parts[1]);
    }
}
