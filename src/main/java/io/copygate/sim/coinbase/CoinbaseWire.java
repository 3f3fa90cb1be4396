package io.copygate.sim.coinbase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.signal.Side;
import io.copygate.sim.spot.SpotOrder;
import io.copygate.sim.spot.SpotTrade;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The Coinbase sandbox's JSON: orders (REST and user channel), fills and products. */
final class CoinbaseWire {
    static final ObjectMapper JSON = new ObjectMapper();

    private CoinbaseWire() {
    }

    static String s(BigDecimal v) {
        if (v == null) {
            return "0";
        }
        BigDecimal t = v.stripTrailingZeros();
        return (t.scale() < 0 ? t.setScale(0) : t).toPlainString();
    }

    static String status(SpotOrder o) {
        return switch (o.status()) {
            case NEW, PARTIALLY_FILLED -> "OPEN";
            case FILLED -> "FILLED";
            case CANCELED -> "CANCELLED";
            case EXPIRED -> "EXPIRED";
        };
    }

    static String tif(SpotOrder o) {
        if (o.timeInForce() == null) {
            return "IMMEDIATE_OR_CANCEL";
        }
        return switch (o.timeInForce()) {
            case GTC -> "GOOD_UNTIL_CANCELLED";
            case GTD -> "GOOD_UNTIL_DATE_TIME";
            case IOC -> "IMMEDIATE_OR_CANCEL";
            case FOK -> "FILL_OR_KILL";
        };
    }

    /** The order_configuration key the order was placed with. */
    static String configKey(SpotOrder o) {
        SpotOrder.TimeInForce tif = o.timeInForce();
        return switch (o.type()) {
            case MARKET -> tif == SpotOrder.TimeInForce.FOK ? "market_market_fok" : "market_market_ioc";
            case LIMIT -> switch (tif) {
                case IOC -> "sor_limit_ioc";
                case FOK -> "limit_limit_fok";
                case GTD -> "limit_limit_gtd";
                default -> "limit_limit_gtc";
            };
            case STOP_LIMIT -> tif == SpotOrder.TimeInForce.GTD ? "stop_limit_stop_limit_gtd" : "stop_limit_stop_limit_gtc";
            case STOP_MARKET -> throw new IllegalStateException("Coinbase has no stop-market orders");
        };
    }

    static String orderType(SpotOrder o) {
        return switch (o.type()) {
            case MARKET -> "MARKET";
            case LIMIT -> "LIMIT";
            case STOP_LIMIT, STOP_MARKET -> "STOP_LIMIT";
        };
    }

    /** An order as {@code GET /orders/historical/*} shows it. */
    static ObjectNode order(CoinbaseProduct p, SpotOrder o, String userId) {
        ObjectNode n = JSON.createObjectNode();
        n.put("order_id", o.orderId());
        n.put("product_id", p.productId());
        n.put("user_id", userId);
        ObjectNode c = n.putObject("order_configuration").putObject(configKey(o));
        c.put("base_size", s(o.quantity()));
        if (o.limitPrice() != null) {
            c.put("limit_price", s(o.limitPrice()));
        }
        if (o.stopPrice() != null) {
            c.put("stop_price", s(o.stopPrice()));
            c.put("stop_direction", o.side() == Side.BUY ? "STOP_DIRECTION_STOP_UP" : "STOP_DIRECTION_STOP_DOWN");
        }
        if (o.expireAt() != null) {
            c.put("end_time", o.expireAt().toString());
        }
        if (configKey(o).equals("limit_limit_gtc") || configKey(o).equals("limit_limit_gtd")) {
            c.put("post_only", false);
        }
        n.put("side", o.side() == Side.BUY ? "BUY" : "SELL");
        n.put("client_order_id", o.clientOrderId() == null ? "" : o.clientOrderId());
        n.put("status", status(o));
        n.put("time_in_force", tif(o));
        n.put("created_time", o.created().toString());
        n.put("completion_percentage", s(o.executed().multiply(BigDecimal.valueOf(100))
                .divide(o.quantity(), 2, RoundingMode.DOWN)));
        n.put("filled_size", s(o.executed()));
        n.put("average_filled_price", s(o.averagePrice()));
        n.put("fee", "");
        n.put("number_of_fills", Integer.toString(o.trades().size()));
        n.put("filled_value", s(o.executedQuote()));
        n.put("pending_cancel", false);
        n.put("size_in_quote", false);
        n.put("total_fees", "0");
        n.put("size_inclusive_of_fees", false);
        n.put("total_value_after_fees", s(o.executedQuote()));
        n.put("trigger_status", o.isStop() ? (o.triggered() ? "STOP_TRIGGERED" : "STOP_PENDING") : "INVALID_ORDER_TYPE");
        n.put("order_type", orderType(o));
        n.put("reject_reason", "");
        n.put("settled", !o.isOpen());
        n.put("product_type", "SPOT");
        n.put("reject_message", "");
        n.put("cancel_message", o.status() == SpotOrder.Status.CANCELED ? "User requested cancel" : "");
        n.put("order_placement_source", "RETAIL_ADVANCED");
        n.put("outstanding_hold_amount", "0");
        n.put("is_liquidation", false);
        if (o.trades().isEmpty()) {
            n.putNull("last_fill_time");
        } else {
            n.put("last_fill_time", o.trades().get(o.trades().size() - 1).time().toString());
        }
        n.putArray("edit_history");
        n.put("leverage", "");
        n.put("margin_type", "");
        n.put("retail_portfolio_id", "");
        return n;
    }

    /** An order as the {@code user} channel shows it. */
    static ObjectNode userOrder(CoinbaseProduct p, SpotOrder o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("order_id", o.orderId());
        n.put("client_order_id", o.clientOrderId() == null ? "" : o.clientOrderId());
        n.put("cumulative_quantity", s(o.executed()));
        n.put("leaves_quantity", s(o.isOpen() ? o.remaining() : BigDecimal.ZERO));
        n.put("avg_price", s(o.averagePrice()));
        n.put("total_fees", "0");
        n.put("status", status(o));
        n.put("product_id", p.productId());
        n.put("creation_time", o.created().toString());
        n.put("order_side", o.side() == Side.BUY ? "BUY" : "SELL");
        n.put("order_type", switch (o.type()) {
            case MARKET -> "Market";
            case LIMIT -> "Limit";
            default -> "StopLimit";
        });
        n.put("cancel_reason", o.status() == SpotOrder.Status.CANCELED ? "User requested cancel" : "");
        n.put("reject_reason", "");
        n.put("filled_value", s(o.executedQuote()));
        n.put("number_of_fills", Integer.toString(o.trades().size()));
        n.put("limit_price", s(o.limitPrice()));
        n.put("stop_price", s(o.stopPrice()));
        n.put("time_in_force", tif(o));
        n.put("trigger_status", o.isStop() ? (o.triggered() ? "STOP_TRIGGERED" : "STOP_PENDING") : "INVALID_ORDER_TYPE");
        n.put("outstanding_hold_amount", "0");
        n.put("total_value_after_fees", s(o.executedQuote()));
        n.put("product_type", "SPOT");
        n.put("contract_expiry_type", "UNKNOWN_CONTRACT_EXPIRY_TYPE");
        n.put("risk_managed_by", "UNKNOWN_RISK_MANAGEMENT_TYPE");
        return n;
    }

    static ObjectNode fill(CoinbaseProduct p, SpotOrder o, SpotTrade t, String userId) {
        ObjectNode n = JSON.createObjectNode();
        n.put("entry_id", "e-" + t.tradeId());
        n.put("trade_id", "t-" + t.tradeId());
        n.put("order_id", o.orderId());
        n.put("trade_time", t.time().toString());
        n.put("trade_type", "FILL");
        n.put("price", s(t.price()));
        n.put("size", s(t.quantity()));
        n.put("commission", "0");
        n.put("product_id", p.productId());
        n.put("sequence_timestamp", t.time().toString());
        n.put("liquidity_indicator", t.maker() ? "MAKER" : "TAKER");
        n.put("size_in_quote", false);
        n.put("user_id", userId);
        n.put("side", o.side() == Side.BUY ? "BUY" : "SELL");
        return n;
    }

    static ObjectNode product(CoinbaseProduct p, BigDecimal price) {
        ObjectNode n = JSON.createObjectNode();
        n.put("product_id", p.productId());
        n.put("price", s(price));
        n.put("base_increment", p.baseIncrement().toPlainString());
        n.put("quote_increment", p.quoteIncrement().toPlainString());
        n.put("quote_min_size", p.quoteMinSize().toPlainString());
        n.put("quote_max_size", "150000000");
        n.put("base_min_size", p.baseMinSize().toPlainString());
        n.put("base_max_size", p.baseMaxSize().toPlainString());
        n.put("base_name", p.base());
        n.put("quote_name", p.quote());
        n.put("status", "online");
        n.put("cancel_only", false);
        n.put("limit_only", false);
        n.put("post_only", false);
        n.put("trading_disabled", false);
        n.put("auction_mode", false);
        n.put("product_type", "SPOT");
        n.put("quote_currency_id", p.quote());
        n.put("base_currency_id", p.base());
        n.put("base_display_symbol", p.base());
        n.put("quote_display_symbol", p.quote());
        n.put("price_increment", p.quoteIncrement().toPlainString());
        return n;
    }
}
