package io.copygate.sim.kraken;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.signal.Side;
import io.copygate.sim.spot.SpotEvent;
import io.copygate.sim.spot.SpotOrder;
import io.copygate.sim.spot.SpotTrade;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The Kraken sandbox's JSON: REST orders, trades and pairs, and WebSocket v2 execution items. */
final class KrakenWire {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private KrakenWire() {
    }

    /** A Kraken-style id ({@code OU22CG-KLAF2-FWUDD7}) from a counter. */
    static String txid(char prefix, long n) {
        StringBuilder s = new StringBuilder();
        long v = n * 2654435761L + 97;
        for (int i = 0; i < 15; i++) {
            s.append(ALPHABET.charAt((int) (Math.floorMod(v, 32))));
            v = v / 32 + (i * 7 + n);
        }
        String t = prefix + s.toString();
        return t.substring(0, 6) + "-" + t.substring(6, 11) + "-" + t.substring(11, 16) + ALPHABET.charAt((int) (n % 32));
    }

    static String ordertype(SpotOrder o) {
        return switch (o.type()) {
            case MARKET -> "market";
            case LIMIT -> "limit";
            case STOP_MARKET -> "stop-loss";
            case STOP_LIMIT -> "stop-loss-limit";
        };
    }

    static String side(SpotOrder o) {
        return o.side() == Side.BUY ? "buy" : "sell";
    }

    static String status(SpotOrder o) {
        return switch (o.status()) {
            case NEW, PARTIALLY_FILLED -> "open";
            case FILLED -> "closed";
            case CANCELED -> "canceled";
            case EXPIRED -> "expired";
        };
    }

    static String fixed(BigDecimal v, int decimals) {
        return (v == null ? BigDecimal.ZERO : v).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    /** An order as OpenOrders / ClosedOrders / QueryOrders show it. */
    static ObjectNode order(KrakenPair p, SpotOrder o) {
        ObjectNode n = JSON.createObjectNode();
        n.putNull("refid");
        n.put("userref", 0);
        if (o.clientOrderId() != null) {
            n.put("cl_ord_id", o.clientOrderId());
        }
        n.put("status", status(o));
        n.put("opentm", BigDecimal.valueOf(seconds(o.created())).setScale(4, RoundingMode.DOWN));
        n.put("starttm", 0);
        n.put("expiretm", 0);
        ObjectNode d = n.putObject("descr");
        d.put("pair", p.altname());
        d.put("type", side(o));
        d.put("ordertype", ordertype(o));
        BigDecimal price = o.isStop() ? o.stopPrice() : o.limitPrice();
        d.put("price", fixed(price, p.pairDecimals()));
        d.put("price2", fixed(o.type() == SpotOrder.Type.STOP_LIMIT ? o.limitPrice() : null, p.pairDecimals()));
        d.put("leverage", "none");
        d.put("order", describe(p, o));
        d.put("close", "");
        n.put("vol", fixed(o.quantity(), 8));
        n.put("vol_exec", fixed(o.executed(), 8));
        n.put("cost", fixed(o.executedQuote(), 5));
        n.put("fee", fixed(BigDecimal.ZERO, 5));
        n.put("price", fixed(o.averagePrice(), p.pairDecimals()));
        n.put("stopprice", fixed(o.stopPrice(), p.pairDecimals()));
        n.put("limitprice", fixed(o.limitPrice(), p.pairDecimals()));
        n.put("misc", "");
        n.put("oflags", "fciq");
        if (!o.isOpen()) {
            n.put("closetm", BigDecimal.valueOf(seconds(o.updated())).setScale(4, RoundingMode.DOWN));
            n.put("reason", o.status() == SpotOrder.Status.CANCELED ? "User requested" : null);
        }
        ArrayNode trades = JSON.createArrayNode();
        o.trades().forEach(t -> trades.add(tradeTxid(t)));
        if (!trades.isEmpty()) {
            n.set("trades", trades);
        }
        return n;
    }

    static String describe(KrakenPair p, SpotOrder o) {
        String base = side(o) + " " + fixed(o.quantity(), 8) + " " + p.altname() + " @ ";
        return switch (o.type()) {
            case MARKET -> base + "market";
            case LIMIT -> base + "limit " + fixed(o.limitPrice(), p.pairDecimals());
            case STOP_MARKET -> base + "stop loss " + fixed(o.stopPrice(), p.pairDecimals());
            case STOP_LIMIT -> base + "stop loss " + fixed(o.stopPrice(), p.pairDecimals()) + " -> limit "
                    + fixed(o.limitPrice(), p.pairDecimals());
        };
    }

    static String tradeTxid(SpotTrade t) {
        return txid('T', t.tradeId());
    }

    /** A trade as TradesHistory shows it (keyed by its txid). */
    static ObjectNode trade(KrakenPair p, SpotOrder o, SpotTrade t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ordertxid", o.orderId());
        n.put("postxid", txid('P', t.tradeId()));
        n.put("pair", p.id());
        n.put("time", BigDecimal.valueOf(seconds(t.time())).setScale(4, RoundingMode.DOWN));
        n.put("type", side(o));
        n.put("ordertype", ordertype(o));
        n.put("price", fixed(t.price(), p.pairDecimals()));
        n.put("cost", fixed(t.quote(), 5));
        n.put("fee", fixed(BigDecimal.ZERO, 5));
        n.put("vol", fixed(t.quantity(), 8));
        n.put("margin", "0.00000");
        n.put("misc", "");
        n.put("trade_id", t.tradeId());
        n.put("maker", t.maker());
        return n;
    }

    static ObjectNode assetPair(KrakenPair p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("altname", p.altname());
        n.put("wsname", p.wsname());
        n.put("aclass_base", "currency");
        n.put("base", p.baseAsset());
        n.put("aclass_quote", "currency");
        n.put("quote", p.quoteAsset());
        n.put("lot", "unit");
        n.put("cost_decimals", 5);
        n.put("pair_decimals", p.pairDecimals());
        n.put("lot_decimals", p.lotDecimals());
        n.put("lot_multiplier", 1);
        n.putArray("leverage_buy");
        n.putArray("leverage_sell");
        n.putArray("fees").addArray().add(0).add(0.26);
        n.putArray("fees_maker").addArray().add(0).add(0.16);
        n.put("fee_volume_currency", "ZUSD");
        n.put("margin_call", 80);
        n.put("margin_stop", 40);
        n.put("ordermin", p.orderMin().toPlainString());
        n.put("costmin", p.costMin().toPlainString());
        n.put("tick_size", p.tickSize().toPlainString());
        n.put("status", "online");
        return n;
    }

    /** The WebSocket v2 {@code executions} items for one order event. */
    static List<ObjectNode> executions(KrakenPair p, SpotEvent e, Instant at) {
        SpotOrder o = e.order();
        String ts = at.toString();
        List<ObjectNode> out = new ArrayList<>();
        switch (e.kind()) {
            case NEW -> {
                ObjectNode pending = JSON.createObjectNode();
                pending.put("order_id", o.orderId());
                if (o.clientOrderId() != null) {
                    pending.put("cl_ord_id", o.clientOrderId());
                }
                pending.put("symbol", p.v2Symbol());
                pending.put("order_qty", o.quantity());
                pending.put("cum_cost", BigDecimal.ZERO);
                pending.put("time_in_force", o.timeInForce() == null ? "GTC" : o.timeInForce().name());
                pending.put("exec_type", "pending_new");
                pending.put("side", side(o));
                pending.put("order_type", ordertype(o));
                pending.put("order_userref", 0);
                if (o.limitPrice() != null) {
                    pending.put("limit_price_type", "static");
                    pending.put("limit_price", o.limitPrice());
                }
                if (o.stopPrice() != null) {
                    ObjectNode t = pending.putObject("triggers");
                    t.put("reference", "last");
                    t.put("price", o.stopPrice());
                    t.put("price_type", "static");
                    t.put("actual_price", o.stopPrice());
                    t.put("status", "untriggered");
                }
                pending.put("order_status", "pending_new");
                pending.put("timestamp", ts);
                out.add(pending);
                out.add(status(o, "new", "new", ts));
            }
            case TRADE -> {
                SpotTrade t = e.trade();
                ObjectNode n = JSON.createObjectNode();
                n.put("order_id", o.orderId());
                if (o.clientOrderId() != null) {
                    n.put("cl_ord_id", o.clientOrderId());
                }
                n.put("exec_id", tradeTxid(t));
                n.put("exec_type", "trade");
                n.put("trade_id", t.tradeId());
                n.put("symbol", p.v2Symbol());
                n.put("side", side(o));
                n.put("last_qty", t.quantity());
                n.put("last_price", t.price());
                n.put("liquidity_ind", t.maker() ? "m" : "t");
                n.put("cost", t.quote());
                n.put("order_userref", 0);
                n.put("order_status", o.status() == SpotOrder.Status.FILLED ? "filled" : "partially_filled");
                n.put("order_type", ordertype(o));
                n.putArray("fees").addObject().put("asset", p.commonQuote()).put("qty", BigDecimal.ZERO);
                n.put("fee_usd_equiv", BigDecimal.ZERO);
                n.put("timestamp", ts);
                out.add(n);
                if (o.status() == SpotOrder.Status.FILLED) {
                    ObjectNode f = status(o, "filled", "filled", ts);
                    f.put("cum_qty", o.executed());
                    f.put("cum_cost", o.executedQuote());
                    f.put("avg_price", o.averagePrice());
                    out.add(f);
                }
            }
            case CANCELED -> {
                ObjectNode c = status(o, "canceled", "canceled", ts);
                c.put("cum_qty", o.executed());
                c.put("cancel_reason", "User requested");
                out.add(c);
            }
            case EXPIRED -> {
                ObjectNode x = status(o, "expired", "expired", ts);
                x.put("cum_qty", o.executed());
                out.add(x);
            }
            case AMENDED -> {
                ObjectNode a = status(o, "amended", o.executed().signum() > 0 ? "partially_filled" : "new", ts);
                a.put("order_qty", o.quantity());
                if (o.limitPrice() != null) {
                    a.put("limit_price", o.limitPrice());
                }
                a.put("amended", true);
                a.put("reason", "user_requested");
                out.add(a);
            }
        }
        return out;
    }

    /** A snapshot item: an open order as the executions channel lists it on subscribe. */
    static ObjectNode snapshot(KrakenPair p, SpotOrder o) {
        ObjectNode n = executions(p, new SpotEvent(SpotEvent.Kind.NEW, o, null), o.created()).get(0);
        n.remove("exec_type");
        n.put("order_status", o.status() == SpotOrder.Status.PARTIALLY_FILLED ? "partially_filled" : "new");
        n.put("cum_qty", o.executed());
        n.put("timestamp", o.created().toString());
        return n;
    }

    private static ObjectNode status(SpotOrder o, String execType, String orderStatus, String ts) {
        ObjectNode n = JSON.createObjectNode();
        n.put("order_id", o.orderId());
        n.put("exec_type", execType);
        n.put("order_status", orderStatus);
        n.put("order_userref", 0);
        n.put("timestamp", ts);
        return n;
    }
}
