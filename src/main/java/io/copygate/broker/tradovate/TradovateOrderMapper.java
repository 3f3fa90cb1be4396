package io.copygate.broker.tradovate;

import io.copygate.broker.BrokerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;

/**
 * Copy orders → Tradovate request bodies ({@code placeorder}, {@code placeOSO}, {@code modifyorder},
 * {@code cancelorder}), field names as in Tradovate's order endpoints
 * (https://partner.tradovate.com/api/rest-api-endpoints/orders/place-order). Every order copygate
 * sends is marked {@code isAutomated: true}, as Tradovate requires for orders not placed by a human.
 * Bad input is refused here, naming the field, before anything is sent.
 */
final class TradovateOrderMapper {

    private TradovateOrderMapper() {
    }

    /** {@code placeorder} body, or {@code placeOSO} when the order carries a bracket. */
    static ObjectNode place(CopyOrder order, String accountSpec, long accountId, String symbol) {
        requireSide(order.side());
        ObjectNode body = BrokerJson.object()
                .put("accountSpec", accountSpec)
                .put("accountId", accountId)
                .put("clOrdId", order.id())
                .put("action", action(order.side()))
                .put("symbol", symbol)
                .put("orderQty", contracts(order.quantity()));
        prices(body, order.orderType(), order.limitPrice(), order.stopPrice());
        body.put("timeInForce", timeInForce(order.timeInForce()));
        body.put("isAutomated", true);
        if (hasBracket(order)) {
            Bracket bracket = order.bracket();
            Side exit = order.side().opposite();
            ObjectNode takeProfit = null;
            ObjectNode stopLoss = null;
            if (bracket.takeProfit() != null) {
                takeProfit = exitOrder(exit, OrderType.LIMIT, bracket.takeProfit(), null);
            }
            if (bracket.stopLoss() != null) {
                stopLoss = bracket.stopLossLimit() != null
                        ? exitOrder(exit, OrderType.STOP_LIMIT, bracket.stopLossLimit(), bracket.stopLoss())
                        : exitOrder(exit, OrderType.STOP, null, bracket.stopLoss());
            }
            // with both brackets Tradovate links them as an OCO: one filling cancels the other
            body.set("bracket1", takeProfit != null ? takeProfit : stopLoss);
            if (takeProfit != null && stopLoss != null) {
                body.set("bracket2", stopLoss);
            }
        }
        return body;
    }

    static boolean hasBracket(CopyOrder order) {
        return order.bracket() != null && !order.bracket().isEmpty();
    }

    /**
     * {@code modifyorder} body. Tradovate wants quantity and type on every modify; what the copy order
     * leaves out is taken from the working order's current version.
     */
    static ObjectNode modify(CopyOrder order, long orderId, JsonNode currentVersion) {
        OrderType type = order.orderType() != null ? order.orderType() : orderType(currentVersion, "orderType");
        BigDecimal quantity = order.quantity() != null ? order.quantity() : BrokerJson.decimal(currentVersion, "orderQty");
        BigDecimal limit = order.limitPrice() != null ? order.limitPrice() : BrokerJson.decimal(currentVersion, "price");
        BigDecimal stop = order.stopPrice() != null ? order.stopPrice() : BrokerJson.decimal(currentVersion, "stopPrice");
        ObjectNode body = BrokerJson.object()
                .put("orderId", orderId)
                .put("clOrdId", order.id())
                .put("orderQty", contracts(quantity))
                .put("orderType", orderType(type));
        prices(body, type, type.needsLimitPrice() ? limit : null, type.needsStopPrice() ? stop : null);
        String tif = order.timeInForce() != null ? timeInForce(order.timeInForce())
                : currentVersion != null ? BrokerJson.text(currentVersion, "timeInForce") : null;
        if (tif != null) {
            body.put("timeInForce", tif);
        }
        body.put("isAutomated", true);
        return body;
    }

    static ObjectNode cancel(CopyOrder order, long orderId) {
        return BrokerJson.object()
                .put("orderId", orderId)
                .put("clOrdId", order.id())
                .put("isAutomated", true);
    }

    static boolean needsCurrentVersion(CopyOrder order) {
        return order.orderType() == null || order.quantity() == null
                || (order.orderType().needsLimitPrice() && order.limitPrice() == null)
                || (order.orderType().needsStopPrice() && order.stopPrice() == null);
    }

    /** Tradovate trades whole contracts ({@code orderQty} is an integer). */
    static int contracts(BigDecimal quantity) {
        if (quantity == null || quantity.signum() <= 0) {
            throw new BrokerRejectedException("quantity: a Tradovate order needs a positive number of contracts, was "
                    + (quantity == null ? "none" : quantity.toPlainString()));
        }
        try {
            return quantity.stripTrailingZeros().intValueExact();
        } catch (ArithmeticException e) {
            throw new BrokerRejectedException("quantity: Tradovate trades whole contracts, was " + quantity.toPlainString());
        }
    }

    static String action(Side side) {
        return side == Side.BUY ? "Buy" : "Sell";
    }

    static String orderType(OrderType type) {
        return switch (type) {
            case MARKET -> "Market";
            case LIMIT -> "Limit";
            case STOP -> "Stop";
            case STOP_LIMIT -> "StopLimit";
        };
    }

    static String timeInForce(TimeInForce tif) {
        if (tif == null) {
            return "Day";
        }
        return switch (tif) {
            case DAY -> "Day";
            case GTC -> "GTC";
            case IOC -> "IOC";
            case FOK -> "FOK";
        };
    }

    private static ObjectNode exitOrder(Side side, OrderType type, BigDecimal limit, BigDecimal stop) {
        ObjectNode exit = BrokerJson.object().put("action", action(side)).put("orderType", orderType(type));
        if (limit != null) {
            exit.put("price", limit);
        }
        if (stop != null) {
            exit.put("stopPrice", stop);
        }
        exit.put("timeInForce", "GTC"); // protective exits outlive the entry's session
        return exit;
    }

    private static void prices(ObjectNode body, OrderType type, BigDecimal limit, BigDecimal stop) {
        if (type == null) {
            throw new BrokerRejectedException("orderType: a Tradovate order needs an order type");
        }
        body.put("orderType", orderType(type));
        if (type.needsLimitPrice()) {
            body.put("price", positive(limit, "limitPrice", type));
        }
        if (type.needsStopPrice()) {
            body.put("stopPrice", positive(stop, "stopPrice", type));
        }
    }

    private static BigDecimal positive(BigDecimal price, String field, OrderType type) {
        if (price == null || price.signum() <= 0) {
            throw new BrokerRejectedException(field + ": a " + type + " order needs a positive " + field + ", was "
                    + (price == null ? "none" : price.toPlainString()));
        }
        return price;
    }

    private static void requireSide(Side side) {
        if (side == null) {
            throw new BrokerRejectedException("side: a Tradovate order needs a side (buy or sell)");
        }
    }

    private static OrderType orderType(JsonNode version, String field) {
        String type = version == null ? null : BrokerJson.text(version, field);
        if (type == null) {
            throw new BrokerRejectedException("orderType: the modify names no order type and the working order's is unknown");
        }
        return switch (type) {
            case "Market" -> OrderType.MARKET;
            case "Limit" -> OrderType.LIMIT;
            case "Stop" -> OrderType.STOP;
            case "StopLimit" -> OrderType.STOP_LIMIT;
            default -> throw new BrokerRejectedException("orderType: copygate cannot modify a Tradovate " + type + " order");
        };
    }
}
