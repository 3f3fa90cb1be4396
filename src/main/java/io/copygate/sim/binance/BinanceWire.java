package io.copygate.sim.binance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.signal.Side;
import io.copygate.sim.spot.SpotEvent;
import io.copygate.sim.spot.SpotOrder;
import io.copygate.sim.spot.SpotTrade;
import java.math.BigDecimal;
import java.time.Instant;

/** The Binance sandbox's JSON: orders, trades, exchange info and executionReport events, in Binance's field names. */
final class BinanceWire {
    static final ObjectMapper JSON = new ObjectMapper();

    private BinanceWire() {
    }

    static String type(SpotOrder o) {
        return switch (o.type()) {
            case MARKET -> "MARKET";
            case LIMIT -> "LIMIT";
            case STOP_MARKET -> "STOP_LOSS";
            case STOP_LIMIT -> "STOP_LOSS_LIMIT";
        };
    }

    static String status(SpotOrder o) {
        return o.status().name(); // NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED: Binance's own words
    }

    static String side(SpotOrder o) {
        return o.side() == Side.BUY ? "BUY" : "SELL";
    }

    static String tif(SpotOrder o) {
        return o.timeInForce() == null ? "GTC" : o.timeInForce().name();
    }

    static String d(BigDecimal v) {
        return v == null ? "0.00000000" : v.setScale(Math.max(8, v.stripTrailingZeros().scale()), java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    /** {@code GET /api/v3/order} / {@code allOrders} entry. */
    static ObjectNode order(BinanceSymbol s, SpotOrder o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("symbol", s.symbol());
        n.put("orderId", Long.parseLong(o.orderId()));
        n.put("orderListId", -1);
        n.put("clientOrderId", o.clientOrderId());
        n.put("price", d(o.limitPrice()));
        n.put("origQty", d(o.quantity()));
        n.put("executedQty", d(o.executed()));
        n.put("cummulativeQuoteQty", d(o.executedQuote()));
        n.put("status", status(o));
        n.put("timeInForce", tif(o));
        n.put("type", type(o));
        n.put("side", side(o));
        n.put("stopPrice", d(o.stopPrice()));
        n.put("icebergQty", d(null));
        n.put("time", o.created().toEpochMilli());
        n.put("updateTime", o.updated().toEpochMilli());
        n.put("isWorking", !o.isStop() || o.triggered());
        n.put("workingTime", o.created().toEpochMilli());
        n.put("origQuoteOrderQty", d(null));
        n.put("selfTradePreventionMode", "EXPIRE_MAKER");
        return n;
    }

    /** {@code POST /api/v3/order} answer in the requested newOrderRespType. */
    static ObjectNode newOrder(BinanceSymbol s, SpotOrder o, String respType) {
        ObjectNode n = JSON.createObjectNode();
        n.put("symbol", s.symbol());
        n.put("orderId", Long.parseLong(o.orderId()));
        n.put("orderListId", -1);
        n.put("clientOrderId", o.clientOrderId());
        n.put("transactTime", o.created().toEpochMilli());
        if ("ACK".equals(respType)) {
            return n;
        }
        n.put("price", d(o.limitPrice()));
        n.put("origQty", d(o.quantity()));
        n.put("executedQty", d(o.executed()));
        n.put("origQuoteOrderQty", d(null));
        n.put("cummulativeQuoteQty", d(o.executedQuote()));
        n.put("status", status(o));
        n.put("timeInForce", tif(o));
        n.put("type", type(o));
        n.put("side", side(o));
        if (o.stopPrice() != null) {
            n.put("stopPrice", d(o.stopPrice()));
        }
        n.put("workingTime", o.created().toEpochMilli());
        n.put("selfTradePreventionMode", "EXPIRE_MAKER");
        if ("FULL".equals(respType)) {
            ArrayNode fills = n.putArray("fills");
            for (SpotTrade t : o.trades()) {
                ObjectNode f = fills.addObject();
                f.put("price", d(t.price()));
                f.put("qty", d(t.quantity()));
                f.put("commission", d(BigDecimal.ZERO));
                f.put("commissionAsset", o.side() == Side.BUY ? s.baseAsset() : s.quoteAsset());
                f.put("tradeId", t.tradeId());
            }
        }
        return n;
    }

    /** {@code DELETE /api/v3/order} answer. */
    static ObjectNode canceled(BinanceSymbol s, SpotOrder o, String cancelClientId, Instant at) {
        ObjectNode n = JSON.createObjectNode();
        n.put("symbol", s.symbol());
        n.put("origClientOrderId", o.clientOrderId());
        n.put("orderId", Long.parseLong(o.orderId()));
        n.put("orderListId", -1);
        n.put("clientOrderId", cancelClientId);
        n.put("transactTime", at.toEpochMilli());
        n.put("price", d(o.limitPrice()));
        n.put("origQty", d(o.quantity()));
        n.put("executedQty", d(o.executed()));
        n.put("origQuoteOrderQty", d(null));
        n.put("cummulativeQuoteQty", d(o.executedQuote()));
        n.put("status", status(o));
        n.put("timeInForce", tif(o));
        n.put("type", type(o));
        n.put("side", side(o));
        n.put("selfTradePreventionMode", "EXPIRE_MAKER");
        return n;
    }

    /** {@code GET /api/v3/myTrades} entry. */
    static ObjectNode trade(BinanceSymbol s, SpotOrder o, SpotTrade t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("symbol", s.symbol());
        n.put("id", t.tradeId());
        n.put("orderId", Long.parseLong(o.orderId()));
        n.put("orderListId", -1);
        n.put("price", d(t.price()));
        n.put("qty", d(t.quantity()));
        n.put("quoteQty", d(t.quote()));
        n.put("commission", d(BigDecimal.ZERO));
        n.put("commissionAsset", o.side() == Side.BUY ? s.baseAsset() : s.quoteAsset());
        n.put("time", t.time().toEpochMilli());
        n.put("isBuyer", o.side() == Side.BUY);
        n.put("isMaker", t.maker());
        n.put("isBestMatch", true);
        return n;
    }

    /** One exchangeInfo symbol entry with its filters. */
    static ObjectNode symbolInfo(BinanceSymbol s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("symbol", s.symbol());
        n.put("status", "TRADING");
        n.put("baseAsset", s.baseAsset());
        n.put("baseAssetPrecision", 8);
        n.put("quoteAsset", s.quoteAsset());
        n.put("quotePrecision", 8);
        n.put("quoteAssetPrecision", 8);
        ArrayNode types = n.putArray("orderTypes");
        for (String t : new String[] {"LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT"}) {
            types.add(t);
        }
        n.put("icebergAllowed", false);
        n.put("ocoAllowed", false);
        n.put("quoteOrderQtyMarketAllowed", false);
        n.put("allowTrailingStop", false);
        n.put("cancelReplaceAllowed", true);
        n.put("isSpotTradingAllowed", true);
        n.put("isMarginTradingAllowed", false);
        ArrayNode filters = n.putArray("filters");
        ObjectNode price = filters.addObject();
        price.put("filterType", "PRICE_FILTER");
        price.put("minPrice", d(s.minPrice()));
        price.put("maxPrice", d(s.maxPrice()));
        price.put("tickSize", d(s.tickSize()));
        ObjectNode lot = filters.addObject();
        lot.put("filterType", "LOT_SIZE");
        lot.put("minQty", d(s.minQty()));
        lot.put("maxQty", d(s.maxQty()));
        lot.put("stepSize", d(s.stepSize()));
        ObjectNode notional = filters.addObject();
        notional.put("filterType", "NOTIONAL");
        notional.put("minNotional", d(s.minNotional()));
        notional.put("applyMinToMarket", true);
        notional.put("maxNotional", "9000000.00000000");
        notional.put("applyMaxToMarket", false);
        notional.put("avgPriceMins", 5);
        n.putArray("permissions");
        n.putArray("permissionSets").addArray().add("SPOT");
        n.put("defaultSelfTradePreventionMode", "EXPIRE_MAKER");
        n.putArray("allowedSelfTradePreventionModes").add("EXPIRE_TAKER").add("EXPIRE_MAKER").add("EXPIRE_BOTH");
        return n;
    }

    /** The executionReport for an order event; {@code cancelClientId} is the cancel request's own id. */
    static ObjectNode executionReport(BinanceSymbol s, SpotEvent e, String cancelClientId, Instant at) {
        SpotOrder o = e.order();
        SpotTrade t = e.trade();
        ObjectNode n = JSON.createObjectNode();
        n.put("e", "executionReport");
        n.put("E", at.toEpochMilli());
        n.put("s", s.symbol());
        boolean canceled = e.kind() == SpotEvent.Kind.CANCELED;
        n.put("c", canceled ? cancelClientId : o.clientOrderId());
        n.put("S", side(o));
        n.put("o", type(o));
        n.put("f", tif(o));
        n.put("q", d(o.quantity()));
        n.put("p", d(o.limitPrice()));
        n.put("P", d(o.stopPrice()));
        n.put("F", d(null));
        n.put("g", -1);
        n.put("C", canceled ? o.clientOrderId() : "");
        n.put("x", switch (e.kind()) {
            case NEW -> "NEW";
            case TRADE -> "TRADE";
            case CANCELED -> "CANCELED";
            case EXPIRED -> "EXPIRED";
            case AMENDED -> "REPLACED";
        });
        n.put("X", e.kind() == SpotEvent.Kind.NEW ? "NEW" : status(o));
        n.put("r", "NONE");
        n.put("i", Long.parseLong(o.orderId()));
        n.put("l", d(t == null ? null : t.quantity()));
        n.put("z", d(o.executed()));
        n.put("L", d(t == null ? null : t.price()));
        n.put("n", "0");
        n.putNull("N");
        n.put("T", (t == null ? at : t.time()).toEpochMilli());
        n.put("t", t == null ? -1 : t.tradeId());
        n.put("I", 1000000L + Long.parseLong(o.orderId()) * 3 + e.kind().ordinal());
        n.put("w", o.isOpen() && (!o.isStop() || o.triggered()));
        n.put("m", t != null && t.maker());
        n.put("M", false);
        n.put("O", o.created().toEpochMilli());
        n.put("Z", d(o.executedQuote()));
        n.put("Y", d(t == null ? null : t.quote()));
        n.put("Q", d(null));
        n.put("W", o.created().toEpochMilli());
        n.put("V", "EXPIRE_MAKER");
        return n;
    }
}
