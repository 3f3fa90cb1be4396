package io.copygate.broker.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.SymbolRules;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderType;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Copy orders to Kraken {@code AddOrder} / {@code AmendOrder} fields and Kraken order JSON to acks.
 * Quantities round down to {@code lot_decimals}, prices to the tick on the follower's side; a copy
 * under {@code ordermin}/{@code costmin} is refused here with the reason.
 */
public final class KrakenOrderMapper {
    /** Kraken's free-text cl_ord_id: ASCII, up to 18 characters (UUIDs are the other accepted forms). */
    private static final Pattern CLIENT_ID = Pattern.compile("^[\\x21-\\x7e]{1,18}$|^[0-9a-fA-F]{32}$"
            + "|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private KrakenOrderMapper() {
    }

    public static SymbolRules.Sized size(CopyOrder order, SymbolRules rules) {
        return rules.round(order.quantity(), notionalPrice(order.orderType(), order.limitPrice(), order.stopPrice(),
                order.referencePrice()));
    }

    /** A market copy as a limit IOC at the master's price ± {@code maxSlippage} (fraction), on the tick. */
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

    /** Fields of {@code AddOrder} (the nonce is added by the client). */
    static Map<String, Object> addOrder(CopyOrder order, SymbolRules rules) {
        clientId(order.id(), "id");
        if (order.bracket() != null && !order.bracket().isEmpty()) {
            throw new BrokerRejectedException("copygate does not place brackets on Kraken yet "
                    + "(conditional close orders); the copy was not sent");
        }
        OrderType type = order.orderType();
        if (type == null) {
            throw new BrokerRejectedException("the copy order has no order type");
        }
        if (type.needsLimitPrice() && order.limitPrice() == null) {
            throw new BrokerRejectedException(type + " copy order has no limit price");
        }
        if (type.needsStopPrice() && order.stopPrice() == null) {
            throw new BrokerRejectedException(type + " copy order has no stop price");
        }
        BigDecimal limit = rules.limitPrice(order.side(), order.limitPrice());
        BigDecimal stop = rules.stopPrice(order.stopPrice());
        SymbolRules.Sized sized = rules.round(order.quantity(), notionalPrice(type, limit, stop, order.referencePrice()));
        if (sized.isSkip()) {
            throw new BrokerRejectedException("not sent: " + sized.skipReason());
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("ordertype", switch (type) {
            case MARKET -> "market";
            case LIMIT -> "limit";
            case STOP -> "stop-loss";
            case STOP_LIMIT -> "stop-loss-limit";
        });
        f.put("type", order.side().name().toLowerCase());
        f.put("volume", sized.quantity().toPlainString());
        f.put("pair", rules.venueSymbol());
        switch (type) {
            case LIMIT -> f.put("price", limit.toPlainString());
            case STOP -> f.put("price", stop.toPlainString());
            case STOP_LIMIT -> {
                f.put("price", stop.toPlainString());
                f.put("price2", limit.toPlainString());
            }
            case MARKET -> { }
        }
        if (type != OrderType.MARKET) {
            f.put("timeinforce", tif(order.timeInForce()));
        }
        f.put("cl_ord_id", order.id());
        return f;
    }

    /** Fields of {@code AmendOrder}: only what the modify changes, on the pair's step and tick. */
    static Map<String, Object> amendOrder(CopyOrder order, JsonNode target, SymbolRules rules) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("cl_ord_id", clientId(order.targetOrderId(), "targetOrderId"));
        io.copygate.signal.Side side = "buy".equals(target.path("descr").path("type").asText())
                ? io.copygate.signal.Side.BUY : io.copygate.signal.Side.SELL;
        if (order.quantity() != null) {
            SymbolRules.Sized sized = rules.round(order.quantity(), null);
            if (sized.isSkip()) {
                throw new BrokerRejectedException("not sent: " + sized.skipReason());
            }
            f.put("order_qty", sized.quantity().toPlainString());
        }
        if (order.limitPrice() != null) {
            f.put("limit_price", rules.limitPrice(side, order.limitPrice()).toPlainString());
        }
        if (order.stopPrice() != null) {
            f.put("trigger_price", rules.stopPrice(order.stopPrice()).toPlainString());
        }
        if (f.size() == 1) {
            throw new BrokerRejectedException("the modify changes nothing Kraken can amend");
        }
        return f;
    }

    /** The ack for an order from OpenOrders / ClosedOrders ({@code txid} is the map key). */
    static BrokerAck ack(String txid, JsonNode order, boolean foundOnLookup) {
        return new BrokerAck(txid, order.path("descr").path("pair").asText(), order.path("status").asText(),
                foundOnLookup);
    }

    static String tif(TimeInForce tif) {
        if (tif == TimeInForce.FOK) {
            throw new BrokerRejectedException("Kraken Spot has no fill-or-kill time in force (GTC, IOC, GTD only)");
        }
        // crypto has no session: a day order rests as GTC
        return tif == TimeInForce.IOC ? "IOC" : "GTC";
    }

    static String clientId(String id, String field) {
        if (id == null || !CLIENT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(field + " '" + id + "' is not a Kraken cl_ord_id "
                    + "(a UUID or up to 18 ASCII characters)");
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
}
