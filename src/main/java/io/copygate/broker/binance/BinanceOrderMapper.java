package io.copygate.broker.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.SymbolRules;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Copy orders to Binance order parameters and Binance order JSON to acks. Quantities round down
 * to LOT_SIZE, limit prices to the tick on the follower's side of the master's price; a copy the
 * filters would refuse is refused here, with the reason, before Binance is asked.
 */
public final class BinanceOrderMapper {
    /** Binance's client order id rule ({@code ^[a-zA-Z0-9-_]{1,36}$}, FIX and -1100 docs). */
    private static final Pattern CLIENT_ID = Pattern.compile("^[a-zA-Z0-9_-]{1,36}$");

    private BinanceOrderMapper() {
    }

    /** The quantity the copy can have at this symbol, or why it is skipped. */
    public static SymbolRules.Sized size(CopyOrder order, SymbolRules rules) {
        return rules.round(order.quantity(), notionalPrice(order.orderType(), order.limitPrice(), order.stopPrice(),
                order.referencePrice()));
    }

    /**
     * The slippage guard: a market copy becomes a LIMIT IOC at the master's price moved by at most
     * {@code maxSlippage} (fraction) against the follower, on the tick. Other orders pass unchanged.
     */
    public static CopyOrder guardSlippage(CopyOrder order, SymbolRules rules, BigDecimal maxSlippage) {
        if (order.orderType() != OrderType.MARKET) {
            return order;
        }
        BigDecimal limit = rules.slippageLimit(order.side(), order.referencePrice(), maxSlippage);
        return new CopyOrder(order.id(), order.signalId(), order.linkId(), order.tenant(), order.followerAccount(),
                order.broker(), order.intent(), order.targetOrderId(), order.instrument(), order.side(),
                order.quantity(), OrderType.LIMIT, limit, null, TimeInForce.IOC, order.bracket(),
                order.referencePrice(), order.state(), order.attempts(), order.signalReceivedAt(), order.lastError());
    }

    /** Parameters of {@code POST /api/v3/order} (before timestamp and signature). */
    static Map<String, String> newOrder(CopyOrder order, SymbolRules rules) {
        clientId(order.id(), "id");
        if (order.bracket() != null && !order.bracket().isEmpty()) {
            throw new BrokerRejectedException("copygate does not place brackets on Binance Spot yet "
                    + "(they need an OTOCO order list); the copy was not sent");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", rules.venueSymbol());
        p.put("side", side(order.side()));
        orderParams(p, order.orderType(), order.side(), order.timeInForce(), order.quantity(), order.limitPrice(),
                order.stopPrice(), order.referencePrice(), rules);
        p.put("newClientOrderId", order.id());
        p.put("newOrderRespType", "RESULT");
        return p;
    }

    /**
     * Parameters of {@code POST /api/v3/order/cancelReplace} for a modify: the working order
     * ({@code target}, from the order query) with the copy's new quantity and prices.
     */
    static Map<String, String> cancelReplace(CopyOrder order, JsonNode target, SymbolRules rules) {
        clientId(order.id(), "id");
        Side side = "BUY".equals(target.path("side").asText()) ? Side.BUY : Side.SELL;
        OrderType type = orderType(target.path("type").asText());
        if (type == null || type == OrderType.MARKET) {
            throw new BrokerRejectedException("Binance order " + order.targetOrderId() + " of type "
                    + target.path("type").asText() + " cannot be modified");
        }
        BigDecimal qty = order.quantity() != null ? order.quantity() : decimal(target, "origQty");
        BigDecimal limit = order.limitPrice() != null ? order.limitPrice() : positive(decimal(target, "price"));
        BigDecimal stop = order.stopPrice() != null ? order.stopPrice() : positive(decimal(target, "stopPrice"));
        TimeInForce tif = timeInForce(target.path("timeInForce").asText());
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", rules.venueSymbol());
        p.put("side", side(side));
        p.put("cancelReplaceMode", "STOP_ON_FAILURE");
        p.put("cancelOrigClientOrderId", order.targetOrderId());
        orderParams(p, type, side, tif, qty, limit, stop, order.referencePrice(), rules);
        p.put("newClientOrderId", order.id());
        p.put("newOrderRespType", "RESULT");
        return p;
    }

    private static void orderParams(Map<String, String> p, OrderType type, Side side, TimeInForce tif,
                                    BigDecimal quantity, BigDecimal limit, BigDecimal stop, BigDecimal reference,
                                    SymbolRules rules) {
        if (type == null) {
            throw new BrokerRejectedException("the copy order has no order type");
        }
        if (type.needsLimitPrice() && limit == null) {
            throw new BrokerRejectedException(type + " copy order has no limit price");
        }
        if (type.needsStopPrice() && stop == null) {
            throw new BrokerRejectedException(type + " copy order has no stop price");
        }
        BigDecimal limitOnTick = rules.limitPrice(side, limit);
        BigDecimal stopOnTick = rules.stopPrice(stop);
        SymbolRules.Sized sized = rules.round(quantity, notionalPrice(type, limitOnTick, stopOnTick, reference));
        if (sized.isSkip()) {
            throw new BrokerRejectedException("not sent: " + sized.skipReason());
        }
        switch (type) {
            case MARKET -> p.put("type", "MARKET");
            case LIMIT -> p.put("type", "LIMIT");
            case STOP -> p.put("type", "STOP_LOSS");
            case STOP_LIMIT -> p.put("type", "STOP_LOSS_LIMIT");
        }
        if (type.needsLimitPrice()) {
            p.put("timeInForce", tif(tif));
        }
        p.put("quantity", sized.quantity().toPlainString());
        if (type.needsLimitPrice()) {
            p.put("price", limitOnTick.toPlainString());
        }
        if (type.needsStopPrice()) {
            p.put("stopPrice", stopOnTick.toPlainString());
        }
    }

    /** The ack for Binance's order JSON (new-order RESULT, order query, or cancel answer). */
    static BrokerAck ack(JsonNode order, boolean foundOnLookup) {
        return new BrokerAck(order.path("orderId").asText(), order.path("symbol").asText(),
                order.path("status").asText(), foundOnLookup);
    }

    static String tif(TimeInForce tif) {
        // Binance Spot has no DAY: crypto trades around the clock, a day order rests as GTC
        return tif == null || tif == TimeInForce.DAY ? "GTC" : tif.name();
    }

    static String side(Side side) {
        return side == Side.BUY ? "BUY" : "SELL";
    }

    static OrderType orderType(String binanceType) {
        return switch (binanceType) {
            case "MARKET" -> OrderType.MARKET;
            case "LIMIT", "LIMIT_MAKER" -> OrderType.LIMIT;
            case "STOP_LOSS" -> OrderType.STOP;
            case "STOP_LOSS_LIMIT" -> OrderType.STOP_LIMIT;
            default -> null;
        };
    }

    static TimeInForce timeInForce(String binanceTif) {
        return switch (binanceTif) {
            case "IOC" -> TimeInForce.IOC;
            case "FOK" -> TimeInForce.FOK;
            default -> TimeInForce.GTC;
        };
    }

    static String clientId(String id, String field) {
        if (id == null || !CLIENT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(field + " '" + id + "' is not a Binance client order id "
                    + "(1-36 of A-Z a-z 0-9 - _)");
        }
        return id;
    }

    private static BigDecimal notionalPrice(OrderType type, BigDecimal limit, BigDecimal stop, BigDecimal reference) {
        if (type == null) {
            return reference;
        }
        return switch (type) {
            case LIMIT, STOP_LIMIT -> limit;
            case STOP -> stop;
            case MARKET -> reference;
        };
    }

    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : new BigDecimal(v.asText());
    }

    private static BigDecimal positive(BigDecimal v) {
        return v == null || v.signum() <= 0 ? null : v;
    }
}
