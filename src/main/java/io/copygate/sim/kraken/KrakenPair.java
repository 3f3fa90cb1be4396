package io.copygate.sim.kraken;

import java.math.BigDecimal;

/**
 * One pair of the Kraken sandbox under all its names: pair id ({@code XXBTZUSD}), altname
 * ({@code XBTUSD}), wsname ({@code XBT/USD}) and the WebSocket v2 symbol ({@code BTC/USD}), with its
 * asset codes and order rules (lot_decimals, pair_decimals, tick_size, ordermin, costmin).
 */
public record KrakenPair(String id, String altname, String wsname, String v2Symbol, String baseAsset,
                         String quoteAsset, String commonBase, String commonQuote, int lotDecimals, int pairDecimals,
                         BigDecimal tickSize, BigDecimal orderMin, BigDecimal costMin) {

    public static KrakenPair of(String baseAsset, String quoteAsset, String commonBase, String commonQuote,
                                String krakenBase, String krakenQuote, int lotDecimals, int pairDecimals,
                                String orderMin, String costMin) {
        return new KrakenPair(baseAsset + quoteAsset, krakenBase + krakenQuote, krakenBase + "/" + krakenQuote,
                commonBase + "/" + commonQuote, baseAsset, quoteAsset, commonBase, commonQuote, lotDecimals, pairDecimals,
                BigDecimal.ONE.movePointLeft(pairDecimals), new BigDecimal(orderMin), new BigDecimal(costMin));
    }

    /** The key of the shared spot exchange's market. */
    String marketKey() {
        return commonBase + "/" + commonQuote;
    }

    boolean answersTo(String name) {
        return name.equals(id) || name.equals(altname) || name.equals(wsname) || name.equals(v2Symbol);
    }
}
