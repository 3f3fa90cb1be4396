package io.copygate.broker.tradestation;

import io.copygate.broker.BrokerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;

/**
 * Copy orders → TradeStation v3 request bodies ({@code OrderRequest}, {@code OrderReplaceRequest} of
 * the v3 OpenAPI document), and TradeStation order objects → acks. TradeStation writes quantities and
 * prices as strings; they are written plain from BigDecimal. The copy order id goes out as
 * {@code OrderConfirmID}, TradeStation's duplicate guard ("unique per API key, per order, per user",
 * 1 to 22 characters). A bracket is sent the documented way: the entry carries its exits as an
 * {@code OSOs} group of type {@code BRK} (both exits; one filling cancels the other) or {@code NORMAL}
 * (a single exit).
 */
final class TradeStationOrderMapper {
    static final int MAX_CONFIRM_ID = 22;

    private TradeStationOrderMapper() {
    }

    static ObjectNode place(CopyOrder order, String accountId, String symbol) {
        if (order.id() == null || order.id().isEmpty() || order.id().length() > MAX_CONFIRM_ID) {
            throw new BrokerRejectedException("id: TradeStation's OrderConfirmID takes 1 to " + MAX_CONFIRM_ID
                    + " characters, the copy order id has " + (order.id() == null ? 0 : order.id().length()));
        }
        if (order.side() == null) {
            throw new BrokerRejectedException("side: a TradeStation order needs a side (buy or sell)");
        }
        ObjectNode body = order(accountId, symbol, order.side(), quantity(order.quantity()), order.orderType(),
                order.limitPrice(), order.stopPrice(), duration(order.timeInForce()));
        body.put("OrderConfirmID", order.id());
        if (order.bracket() != null && !order.bracket().isEmpty()) {
            Bracket bracket = order.bracket();
            Side exit = order.side().opposite();
            ObjectNode group = BrokerJson.object();
            ArrayNode exits = BrokerJson.MAPPER.createArrayNode();
            if (bracket.takeProfit() != null) {
                exits.add(order(accountId, symbol, exit, quantity(order.quantity()), OrderType.LIMIT,
                        bracket.takeProfit(), null, "GTC"));
            }
            if (bracket.stopLoss() != null) {
                exits.add(bracket.stopLossLimit() != null
                        ? order(accountId, symbol, exit, quantity(order.quantity()), OrderType.STOP_LIMIT,
                                bracket.stopLossLimit(), bracket.stopLoss(), "GTC")
                        : order(accountId, symbol, exit, quantity(order.quantity()), OrderType.STOP, null,
                                bracket.stopLoss(), "GTC"));
            }
            group.put("Type", exits.size() == 2 ? "BRK" : "NORMAL");
            group.set("Orders", exits);
            body.putArray("OSOs").add(group);
        }
        return body;
    }

    /** {@code OrderReplaceRequest}: only what the modify names; the order type can only become Market. */
    static ObjectNode replace(CopyOrder order, String currentType) {
        ObjectNode body = BrokerJson.object();
        if (order.quantity() != null) {
            body.put("Quantity", quantity(order.quantity()));
        }
        if (order.limitPrice() != null) {
            body.put("LimitPrice", price(order.limitPrice(), "limitPrice"));
        }
        if (order.stopPrice() != null) {
            body.put("StopPrice", price(order.stopPrice(), "stopPrice"));
        }
        if (order.orderType() != null && !orderType(order.orderType()).equals(currentType)) {
            if (order.orderType() != OrderType.MARKET) {
                throw new BrokerRejectedException("orderType: TradeStation can only change a working order to Market, not "
                        + order.orderType());
            }
            body.put("OrderType", "Market");
            body.remove("LimitPrice");
            body.remove("StopPrice");
        }
        if (body.isEmpty()) {
            throw new BrokerRejectedException("quantity: the modify changes nothing TradeStation can replace");
        }
        return body;
    }

    /** An order object of the brokerage API as an ack. */
    static BrokerAck ack(JsonNode order, boolean foundOnLookup) {
        JsonNode leg = order.path("Legs").path(0);
        return new BrokerAck(BrokerJson.text(order, "OrderID"), BrokerJson.text(leg, "Symbol"),
                BrokerJson.text(order, "Status"), foundOnLookup);
    }

    static String orderType(OrderType type) {
        return switch (type) {
            case MARKET -> "Market";
            case LIMIT -> "Limit";
            case STOP -> "StopMarket";
            case STOP_LIMIT -> "StopLimit";
        };
    }

    static String duration(TimeInForce tif) {
        return tif == null ? "DAY" : tif.name(); // DAY, GTC, IOC, FOK are TradeStation's own names
    }

    static String quantity(BigDecimal quantity) {
        if (quantity == null || quantity.signum() <= 0) {
            throw new BrokerRejectedException("quantity: a TradeStation order needs a positive quantity, was "
                    + (quantity == null ? "none" : quantity.toPlainString()));
        }
        return quantity.stripTrailingZeros().toPlainString();
    }

    private static ObjectNode order(String accountId, String symbol, Side side, String quantity, OrderType type,
            BigDecimal limit, BigDecimal stop, String duration) {
        if (type == null) {
            throw new BrokerRejectedException("orderType: a TradeStation order needs an order type");
        }
        ObjectNode o = BrokerJson.object()
                .put("AccountID", accountId)
                .put("Symbol", symbol)
                .put("Quantity", quantity)
                .put("OrderType", orderType(type))
                .put("TradeAction", side == Side.BUY ? "BUY" : "SELL");
        o.putObject("TimeInForce").put("Duration", duration);
        if (type.needsLimitPrice()) {
            o.put("LimitPrice", price(limit, "limitPrice"));
        }
        if (type.needsStopPrice()) {
            o.put("StopPrice", price(stop, "stopPrice"));
        }
        return o;
    }

    private static String price(BigDecimal price, String field) {
        if (price == null || price.signum() <= 0) {
            throw new BrokerRejectedException(field + ": needs a positive price, was "
                    + (price == null ? "none" : price.toPlainString()));
        }
        return price.stripTrailingZeros().toPlainString();
    }
}
