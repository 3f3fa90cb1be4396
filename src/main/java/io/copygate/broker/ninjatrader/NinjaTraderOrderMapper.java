package io.copygate.broker.ninjatrader;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Copy orders as the add-on's requests ({@code docs/brokers/ninjatrader.md} §5) and the add-on's order
 * object as a {@link BrokerAck}.
 *
 * <p><b>Action.</b> A copy order carries a side, not an intent to open or close, and NinjaTrader's
 * account orders for futures are direction only (as ATI's {@code BUY}/{@code SELL}): a {@code sell} on a
 * flat account opens a short, a {@code buy} on a short account covers it. So BUY is sent as {@code buy}
 * and SELL as {@code sell}, always; {@code sellShort}/{@code buyToCover} would need the follower's
 * position at the moment NinjaTrader handles the order, which the gateway cannot know without a race.
 * The codec refuses equities, the only place where the distinction matters.
 *
 * <p>Anything the add-on cannot express exactly is refused here, before anything is sent, with the
 * reason: a fractional quantity, fill-or-kill, a stop-limit stop-loss (the add-on's bracket stop is a
 * stop-market order).
 */
public final class NinjaTraderOrderMapper {
    /** Numbers read as BigDecimal and written plain, never through double. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private NinjaTraderOrderMapper() {
    }

    /** {@code POST /orders}: the client order id is the copy order's id, so the add-on's idempotency holds across retries. */
    public static ObjectNode placeRequest(CopyOrder order, NinjaTraderConfig config) {
        ObjectNode body = JSON.createObjectNode();
        body.put("clientOrderId", order.id());
        body.put("account", config.ntAccount());
        body.put("instrument", instrument(order));
        body.put("action", order.side() == Side.BUY ? "buy" : "sell");
        body.put("quantity", contracts(order.quantity()));
        body.put("orderType", orderType(order.orderType()));
        if (order.orderType().needsLimitPrice()) {
            body.put("limitPrice", required(order.limitPrice(), "limitPrice", order));
        }
        if (order.orderType().needsStopPrice()) {
            body.put("stopPrice", required(order.stopPrice(), "stopPrice", order));
        }
        body.put("timeInForce", timeInForce(order.timeInForce()));
        Bracket bracket = order.bracket();
        if (bracket != null) {
            if (bracket.stopLossLimit() != null) {
                throw new BrokerRejectedException("the NinjaTrader bridge places the stop-loss as a stop-market order; "
                        + "a stop-limit stop-loss (stopLossLimit " + bracket.stopLossLimit().toPlainString() + ") cannot be sent");
            }
            if (bracket.stopLoss() != null) {
                body.put("stopLoss", bracket.stopLoss());
            }
            if (bracket.takeProfit() != null) {
                body.put("takeProfit", bracket.takeProfit());
            }
        }
        return body;
    }

    /** {@code POST /orders/{id}/change}: the new quantity, and the prices the working order's type has. */
    public static ObjectNode changeRequest(CopyOrder order) {
        ObjectNode body = JSON.createObjectNode();
        if (order.quantity() != null) {
            body.put("quantity", contracts(order.quantity()));
        }
        if (order.orderType() != null && order.orderType().needsLimitPrice() && order.limitPrice() != null) {
            body.put("limitPrice", order.limitPrice());
        }
        if (order.orderType() != null && order.orderType().needsStopPrice() && order.stopPrice() != null) {
            body.put("stopPrice", order.stopPrice());
        }
        if (body.isEmpty()) {
            throw new BrokerRejectedException("change of " + order.targetOrderId() + " has nothing to change");
        }
        return body;
    }

    /**
     * The add-on's order object as an ack: NinjaTrader's order id and instrument name, its state in
     * NinjaTrader's own words ({@code working}, {@code filled}, ...), {@code duplicate: true} as "found,
     * not placed again". A placed order NinjaTrader rejected is a reject with its reason.
     */
    public static BrokerAck ack(JsonNode order) {
        String state = text(order, "state");
        if ("rejected".equals(state)) {
            String why = text(order, "error");
            throw new BrokerRejectedException(why != null ? why : "NinjaTrader rejected order " + text(order, "clientOrderId"));
        }
        return new BrokerAck(text(order, "orderId"), text(order, "instrument"), state, order.path("duplicate").asBoolean(false));
    }

    /** The NinjaTrader name of the order's instrument; a refusal when it has none. */
    static String instrument(CopyOrder order) {
        try {
            return NinjaTraderSymbolCodec.toNinjaTrader(order.instrument());
        } catch (IllegalArgumentException e) {
            throw new BrokerRejectedException(e.getMessage());
        }
    }

    static BigInteger contracts(BigDecimal quantity) {
        if (quantity == null || quantity.signum() <= 0) {
            throw new BrokerRejectedException("quantity must be a positive number of contracts, was "
                    + (quantity == null ? "missing" : quantity.toPlainString()));
        }
        try {
            return quantity.stripTrailingZeros().toBigIntegerExact();
        } catch (ArithmeticException fraction) {
            throw new BrokerRejectedException("NinjaTrader trades whole contracts; quantity " + quantity.toPlainString() + " cannot be sent");
        }
    }

    static String orderType(OrderType type) {
        return switch (type) {
            case MARKET -> "market";
            case LIMIT -> "limit";
            case STOP -> "stopMarket";
            case STOP_LIMIT -> "stopLimit";
        };
    }

    static String timeInForce(TimeInForce tif) {
        if (tif == null) {
            return "day";
        }
        return switch (tif) {
            case DAY -> "day";
            case GTC -> "gtc";
            case IOC -> "ioc";
            case FOK -> throw new BrokerRejectedException("NinjaTrader has no fill-or-kill time in force (FOK)");
        };
    }

    private static BigDecimal required(BigDecimal price, String field, CopyOrder order) {
        if (price == null) {
            throw new BrokerRejectedException(order.orderType() + " order " + order.id() + " has no " + field);
        }
        return price;
    }

    /** JSON text with numbers plain ({@code 5000}, never {@code 5E+3}). */
    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
