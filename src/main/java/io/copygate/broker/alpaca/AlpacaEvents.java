package io.copygate.broker.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.signal.Bracket;
import io.copygate.signal.Fill;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Alpaca order events as canonical signals and fills, as pure functions. The stream's events and
 * the events a REST catch-up reads off an order's state ({@link #impliedEvents}) go through the same
 * functions and get the same {@code sourceEventId}:
 * <ul>
 * <li>{@code <order id>:new} ORDER_NEW, {@code <order id>:replaced} ORDER_MODIFY (carrying the
 *     replacement's quantity and prices), {@code <order id>:canceled|expired|rejected} ORDER_CANCEL;</li>
 * <li>{@code <order id>:fill:<cumulative filled qty>} FILL, one per execution (a gap read from REST
 *     collapses the executions it missed into one fill at their average price).</li>
 * </ul>
 * {@code masterOrderRef} is the first order of a replace chain (Alpaca gives every replacement a new
 * id), so the follower copies made for an order stay addressable after the master replaces it.
 */
public final class AlpacaEvents {
    static final String SOURCE = "alpaca";
    private static final Set<String> ADVANCED = Set.of("bracket", "oco", "oto");
    /** Statuses an order only reaches after its {@code new} event. */
    private static final Set<String> PAST_NEW = Set.of("new", "partially_filled", "filled", "done_for_day",
            "canceled", "expired", "replaced", "pending_cancel", "pending_replace", "stopped", "suspended", "calculated");
    private static final Set<String> ENDINGS = Set.of("canceled", "expired", "rejected");

    private AlpacaEvents() {
    }

    /** Who and when: the account the events belong to, when copygate received them, the raw payload. */
    record Context(BrokerAccount account, Instant receivedAt, String raw) {
    }

    /** The events an order's current state says happened, in order: new, fill, then replaced or its end. */
    static List<String> impliedEvents(JsonNode order) {
        List<String> events = new ArrayList<>(3);
        String status = AlpacaJson.text(order, "status");
        if (PAST_NEW.contains(status)) {
            events.add("new");
        }
        BigDecimal filled = AlpacaJson.decimal(order, "filled_qty");
        if (filled != null && filled.signum() > 0) {
            events.add("fill");
        }
        if ("replaced".equals(status) || ENDINGS.contains(status)) {
            events.add(status);
        }
        return events;
    }

    static boolean isAdvanced(JsonNode order) {
        return ADVANCED.contains(AlpacaJson.text(order, "order_class"));
    }

    static boolean hasLegs(JsonNode order) {
        return order.path("legs").isArray() && !order.path("legs").isEmpty();
    }

    static boolean isEnding(String event) {
        return ENDINGS.contains(event);
    }

    static boolean isFinal(JsonNode order) {
        String status = AlpacaJson.text(order, "status");
        return "filled".equals(status) || "replaced".equals(status) || ENDINGS.contains(status);
    }

    static String eventId(JsonNode order, String event) {
        return AlpacaJson.text(order, "id") + ":" + event;
    }

    static String fillId(JsonNode order) {
        return AlpacaJson.text(order, "id") + ":fill:" + AlpacaJson.plain(AlpacaJson.decimal(order, "filled_qty"));
    }

    /**
     * ORDER_NEW for a master order, or null when copygate cannot copy its shape: notional amounts
     * (no quantity until filled), trailing stops and on-open/on-close orders.
     */
    static Signal newOrder(Context c, JsonNode order, String rootId) {
        OrderType type = orderType(order);
        TimeInForce tif = timeInForce(order);
        BigDecimal qty = AlpacaJson.decimal(order, "qty");
        if (type == null || tif == null || qty == null || AlpacaJson.decimal(order, "notional") != null) {
            return null;
        }
        return base(c, order, SignalKind.ORDER_NEW, eventId(order, "new"), rootId)
                .quantity(qty).orderType(type).timeInForce(tif)
                .limitPrice(AlpacaJson.decimal(order, "limit_price"))
                .stopPrice(AlpacaJson.decimal(order, "stop_price"))
                .bracket(bracket(order))
                .sourceTime(firstTime(order, "submitted_at", "created_at"))
                .build();
    }

    /** ORDER_MODIFY: {@code replaced} was replaced by {@code replacement}, whose quantity and prices the copies take. */
    static Signal modify(Context c, JsonNode replaced, JsonNode replacement, String rootId) {
        return base(c, replacement, SignalKind.ORDER_MODIFY, eventId(replaced, "replaced"), rootId)
                .quantity(AlpacaJson.decimal(replacement, "qty"))
                .orderType(orderType(replacement))
                .timeInForce(timeInForce(replacement))
                .limitPrice(AlpacaJson.decimal(replacement, "limit_price"))
                .stopPrice(AlpacaJson.decimal(replacement, "stop_price"))
                .sourceTime(firstTime(replaced, "replaced_at", "updated_at"))
                .build();
    }

    /** ORDER_CANCEL for an order that was canceled, expired or rejected: its copies should not outlive it. */
    static Signal cancel(Context c, JsonNode order, String event, String rootId) {
        String timeField = switch (event) {
            case "canceled" -> "canceled_at";
            case "expired" -> "expired_at";
            default -> "failed_at";
        };
        return base(c, order, SignalKind.ORDER_CANCEL, eventId(order, event), rootId)
                .sourceTime(firstTime(order, timeField, "updated_at"))
                .build();
    }

    /** FILL of {@code qty} at {@code price}; {@code order} is the order after this execution. */
    static Signal fill(Context c, JsonNode order, BigDecimal qty, BigDecimal price, Instant time, String rootId) {
        return base(c, order, SignalKind.FILL, fillId(order), rootId)
                .quantity(qty).price(price).sourceTime(time)
                .build();
    }

    static Fill fillRecord(Context c, JsonNode order, BigDecimal qty, BigDecimal price, Instant time) {
        return new Fill(c.account().id(), fillId(order), AlpacaJson.text(order, "id"),
                AlpacaJson.text(order, "client_order_id"), instrument(order), side(order), qty, price,
                BigDecimal.ZERO, time);
    }

    /**
     * The price of the executions between two cumulative fill states, from the order's average
     * price before and after them (what a REST read gives).
     */
    static BigDecimal priceBetween(BigDecimal qtyBefore, BigDecimal avgBefore, BigDecimal qtyAfter, BigDecimal avgAfter) {
        if (qtyBefore.signum() == 0 || avgBefore == null) {
            return avgAfter;
        }
        return avgAfter.multiply(qtyAfter).subtract(avgBefore.multiply(qtyBefore))
                .divide(qtyAfter.subtract(qtyBefore), 9, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    static Instant fillTime(JsonNode order) {
        return firstTime(order, "filled_at", "updated_at");
    }

    private static Signal.Builder base(Context c, JsonNode order, SignalKind kind, String eventId, String rootId) {
        return Signal.builder()
                .tenant(c.account().tenant())
                .source(SOURCE)
                .sourceEventId(eventId)
                .masterAccount(c.account().id())
                .kind(kind)
                .instrument(instrument(order))
                .side(side(order))
                .masterOrderRef(rootId)
                .receivedTime(c.receivedAt())
                .raw(c.raw());
    }

    static Instrument instrument(JsonNode order) {
        return AlpacaSymbolCodec.decode(AlpacaJson.text(order, "symbol"), AlpacaJson.text(order, "asset_class"));
    }

    private static Side side(JsonNode order) {
        String side = AlpacaJson.text(order, "side");
        return side == null ? null : "sell".equals(side) ? Side.SELL : Side.BUY;
    }

    private static OrderType orderType(JsonNode order) {
        String type = AlpacaJson.text(order, "type");
        if (type == null) {
            type = AlpacaJson.text(order, "order_type");
        }
        return switch (type == null ? "" : type) {
            case "market" -> OrderType.MARKET;
            case "limit" -> OrderType.LIMIT;
            case "stop" -> OrderType.STOP;
            case "stop_limit" -> OrderType.STOP_LIMIT;
            default -> null;
        };
    }

    private static TimeInForce timeInForce(JsonNode order) {
        String tif = AlpacaJson.text(order, "time_in_force");
        return switch (tif == null ? "" : tif.toLowerCase(Locale.ROOT)) {
            case "day" -> TimeInForce.DAY;
            case "gtc" -> TimeInForce.GTC;
            case "ioc" -> TimeInForce.IOC;
            case "fok" -> TimeInForce.FOK;
            default -> null;
        };
    }

    /**
     * A parent's exits from its legs: the limit leg is the take-profit, the stop or stop_limit leg the
     * stop-loss. An OCO parent is itself the take-profit limit.
     */
    static Bracket bracket(JsonNode order) {
        if (!isAdvanced(order) || !hasLegs(order)) {
            return null;
        }
        BigDecimal takeProfit = "oco".equals(AlpacaJson.text(order, "order_class"))
                ? AlpacaJson.decimal(order, "limit_price") : null;
        BigDecimal stopLoss = null;
        BigDecimal stopLossLimit = null;
        for (JsonNode leg : order.path("legs")) {
            String type = AlpacaJson.text(leg, "type");
            if ("limit".equals(type)) {
                takeProfit = AlpacaJson.decimal(leg, "limit_price");
            } else if ("stop".equals(type) || "stop_limit".equals(type)) {
                stopLoss = AlpacaJson.decimal(leg, "stop_price");
                stopLossLimit = AlpacaJson.decimal(leg, "limit_price");
            }
        }
        return new Bracket(stopLoss, stopLossLimit, takeProfit);
    }

    private static Instant firstTime(JsonNode order, String field, String fallback) {
        Instant t = AlpacaJson.time(order, field);
        return t != null ? t : AlpacaJson.time(order, fallback);
    }
}
