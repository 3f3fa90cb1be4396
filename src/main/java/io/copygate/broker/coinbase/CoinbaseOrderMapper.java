package io.copygate.broker.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.SymbolRules;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;

/**
 * Copy orders to Coinbase {@code order_configuration}s and Coinbase answers to acks:
 * MARKET → {@code market_market_ioc} (FOK → {@code market_market_fok}); LIMIT GTC/DAY →
 * {@code limit_limit_gtc}, IOC → {@code sor_limit_ioc}, FOK → {@code limit_limit_fok}; STOP_LIMIT →
 * {@code stop_limit_stop_limit_gtc} with {@code stop_direction} from the side. Coinbase has no
 * stop-market order: a STOP copy is refused unless the slippage guard turned it into a stop-limit.
 */
public final class CoinbaseOrderMapper {

    private CoinbaseOrderMapper() {
    }

    public static SymbolRules.Sized size(CopyOrder order, SymbolRules rules) {
        return rules.round(order.quantity(), notionalPrice(order));
    }

    /**
     * The slippage guard: a MARKET copy becomes a LIMIT IOC, a STOP copy a STOP_LIMIT, with the limit
     * at most {@code maxSlippage} (fraction) worse than the master's price (for a stop: its stop price).
     */
    public static CopyOrder guardSlippage(CopyOrder order, SymbolRules rules, BigDecimal maxSlippage) {
        if (order.orderType() == OrderType.MARKET) {
            return with(order, OrderType.LIMIT, rules.slippageLimit(order.side(), order.referencePrice(), maxSlippage),
                    null, TimeInForce.IOC);
        }
        if (order.orderType() == OrderType.STOP) {
            return with(order, OrderType.STOP_LIMIT, rules.slippageLimit(order.side(), order.stopPrice(), maxSlippage),
                    order.stopPrice(), order.timeInForce());
        }
        return order;
    }

    /** The body of {@code POST /orders}. */
    static ObjectNode createOrder(CopyOrder order, SymbolRules rules) {
        if (order.bracket() != null && !order.bracket().isEmpty()) {
            throw new BrokerRejectedException("copygate does not place brackets on Coinbase yet "
                    + "(attached_order_configuration); the copy was not sent");
        }
        OrderType type = order.orderType();
        if (type == null) {
            throw new BrokerRejectedException("the copy order has no order type");
        }
        if (type == OrderType.STOP) {
            throw new BrokerRejectedException("Coinbase Advanced Trade has no stop-market order; "
                    + "a STOP copy needs the link's slippage guard to go as a stop-limit");
        }
        if (type.needsLimitPrice() && order.limitPrice() == null) {
            throw new BrokerRejectedException(type + " copy order has no limit price");
        }
        if (type.needsStopPrice() && order.stopPrice() == null) {
            throw new BrokerRejectedException(type + " copy order has no stop price");
        }
        BigDecimal limit = rules.limitPrice(order.side(), order.limitPrice());
        BigDecimal stop = rules.stopPrice(order.stopPrice());
        SymbolRules.Sized sized = rules.round(order.quantity(), type == OrderType.MARKET ? order.referencePrice() : limit);
        if (sized.isSkip()) {
            throw new BrokerRejectedException("not sent: " + sized.skipReason());
        }
        ObjectNode body = CoinbaseClient.JSON.createObjectNode();
        body.put("client_order_id", order.id());
        body.put("product_id", rules.venueSymbol());
        body.put("side", order.side() == Side.BUY ? "BUY" : "SELL");
        ObjectNode config = body.putObject("order_configuration");
        TimeInForce tif = order.timeInForce() == null ? TimeInForce.GTC : order.timeInForce();
        String size = sized.quantity().toPlainString();
        switch (type) {
            case MARKET -> config.putObject(tif == TimeInForce.FOK ? "market_market_fok" : "market_market_ioc")
                    .put("base_size", size);
            case LIMIT -> {
                ObjectNode c = config.putObject(switch (tif) {
                    case IOC -> "sor_limit_ioc";
                    case FOK -> "limit_limit_fok";
                    default -> "limit_limit_gtc";
                });
                c.put("base_size", size);
                c.put("limit_price", limit.toPlainString());
                if (tif == TimeInForce.GTC || tif == TimeInForce.DAY) {
                    c.put("post_only", false);
                }
            }
            case STOP_LIMIT -> {
                ObjectNode c = config.putObject("stop_limit_stop_limit_gtc");
                c.put("base_size", size);
                c.put("limit_price", limit.toPlainString());
                c.put("stop_price", stop.toPlainString());
                c.put("stop_direction", order.side() == Side.BUY ? "STOP_DIRECTION_STOP_UP" : "STOP_DIRECTION_STOP_DOWN");
            }
            case STOP -> throw new IllegalStateException("refused above");
        }
        return body;
    }

    /** The body of {@code POST /orders/edit}: Coinbase wants both size and price. */
    static ObjectNode editOrder(CopyOrder order, JsonNode target, SymbolRules rules) {
        JsonNode gtc = target.path("order_configuration").path("limit_limit_gtc");
        if (gtc.isMissingNode()) {
            throw new BrokerRejectedException("Coinbase edits only limit GTC orders; " + order.targetOrderId() + " is "
                    + target.path("order_type").asText() + " " + target.path("time_in_force").asText());
        }
        Side side = "BUY".equals(target.path("side").asText()) ? Side.BUY : Side.SELL;
        BigDecimal size = order.quantity() != null ? order.quantity() : new BigDecimal(gtc.path("base_size").asText());
        BigDecimal price = order.limitPrice() != null ? rules.limitPrice(side, order.limitPrice())
                : new BigDecimal(gtc.path("limit_price").asText());
        SymbolRules.Sized sized = rules.round(size, price);
        if (sized.isSkip()) {
            throw new BrokerRejectedException("not sent: " + sized.skipReason());
        }
        ObjectNode body = CoinbaseClient.JSON.createObjectNode();
        body.put("order_id", target.path("order_id").asText());
        body.put("price", price.toPlainString());
        body.put("size", sized.quantity().toPlainString());
        return body;
    }

    /** The ack of a create-order answer, or the reject it carries in a 200. */
    static BrokerAck created(JsonNode answer) {
        if (!answer.path("success").asBoolean(false)) {
            throw new BrokerRejectedException(failure(answer.path("error_response"), answer.path("failure_reason").asText()));
        }
        JsonNode ok = answer.path("success_response");
        return new BrokerAck(ok.path("order_id").asText(), ok.path("product_id").asText(), "PENDING", false);
    }

    /** Coinbase's reason, verbatim: {@code error: message (preview/new-order failure reason)}. */
    static String failure(JsonNode error, String fallback) {
        String e = error.path("error").asText("");
        String m = error.path("message").asText("");
        String why = error.path("preview_failure_reason").asText(error.path("new_order_failure_reason").asText(""));
        String text = e + (m.isEmpty() ? "" : (e.isEmpty() ? "" : ": ") + m)
                + (why.isEmpty() || why.startsWith("UNKNOWN") ? "" : " (" + why + ")");
        return text.isEmpty() ? fallback : text;
    }

    static BrokerAck ack(JsonNode order, boolean foundOnLookup) {
        return new BrokerAck(order.path("order_id").asText(), order.path("product_id").asText(),
                order.path("status").asText(), foundOnLookup);
    }

    private static BigDecimal notionalPrice(CopyOrder order) {
        if (order.orderType() == null) {
            return order.referencePrice();
        }
        return switch (order.orderType()) {
            case LIMIT, STOP_LIMIT -> order.limitPrice();
            case STOP -> order.stopPrice();
            case MARKET -> order.referencePrice();
        };
    }

    private static CopyOrder with(CopyOrder o, OrderType type, BigDecimal limit, BigDecimal stop, TimeInForce tif) {
        return new CopyOrder(o.id(), o.signalId(), o.linkId(), o.tenant(), o.followerAccount(), o.broker(), o.intent(),
                o.targetOrderId(), o.instrument(), o.side(), o.quantity(), type, limit, stop, tif, o.bracket(),
                o.referencePrice(), o.state(), o.attempts(), o.signalReceivedAt(), o.lastError());
    }
}
