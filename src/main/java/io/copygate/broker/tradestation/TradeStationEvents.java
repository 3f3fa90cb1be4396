package io.copygate.broker.tradestation;

import io.copygate.broker.BrokerJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
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
import java.util.Set;

/**
 * TradeStation's order objects (stream and {@code GET .../orders} alike) → canonical signals and
 * fills, as pure functions. Both feeds deliver whole orders, not events, so an event is recognised
 * by what changed, and its id is built only from the order's own content, so whichever feed sees a
 * change first produces the same id: {@code <account>:<OrderID>:new},
 * {@code <account>:<OrderID>:chg<n>:<quantity>/<type>/<limit>/<stop>} (n counts the changes seen),
 * {@code <account>:<OrderID>:fill:<cumulative quantity>}, {@code <account>:<OrderID>:cancel}.
 */
final class TradeStationEvents {
    /** What a stream line is. */
    enum Kind { ORDER, END_SNAPSHOT, GO_AWAY, HEARTBEAT, ERROR, OTHER }

    /** Statuses of an order that is working or done trading (Received, Sent, Queued, partial/filled, replace/cancel pending, ...). */
    static final Set<String> LIVE = Set.of("ACK", "OPN", "DON", "FPR", "FLL", "FLP", "RSN", "UCN", "RJC", "LAT",
            "CND", "STT", "DIS", "PLA", "CHG", "RPD", "STP", "BRF", "SUS", "EXE", "ASS", "COR", "REC", "ECN");
    /** Statuses after which the order is gone (cancelled, expired, out, trade-server cancelled, replaced away). */
    static final Set<String> GONE = Set.of("CAN", "EXP", "OUT", "TSC", "FLP", "BRC", "SCN", "DOA", "BRO", "RJR");
    static final Set<String> REJECTED = Set.of("REJ");

    private TradeStationEvents() {
    }

    static Kind kind(JsonNode line) {
        if (line == null || !line.isObject()) {
            return Kind.OTHER;
        }
        if (line.has("OrderID")) {
            return Kind.ORDER;
        }
        if (line.has("StreamStatus")) {
            return switch (line.get("StreamStatus").asText()) {
                case "EndSnapshot" -> Kind.END_SNAPSHOT;
                case "GoAway" -> Kind.GO_AWAY;
                default -> Kind.OTHER;
            };
        }
        if (line.has("Heartbeat")) {
            return Kind.HEARTBEAT;
        }
        return line.has("Error") ? Kind.ERROR : Kind.OTHER;
    }

    static String status(JsonNode order) {
        return BrokerJson.text(order, "Status");
    }

    static BigDecimal executed(JsonNode order) {
        BigDecimal q = BrokerJson.decimal(order.path("Legs").path(0), "ExecQuantity");
        return q == null ? BigDecimal.ZERO : q;
    }

    /** The order's terms as one comparable key: {@code quantity/type/limit/stop}. */
    static String terms(JsonNode order) {
        return plain(BrokerJson.decimal(order.path("Legs").path(0), "QuantityOrdered")) + "/"
                + BrokerJson.text(order, "OrderType") + "/"
                + plain(BrokerJson.decimal(order, "LimitPrice")) + "/"
                + plain(BrokerJson.decimal(order, "StopPrice"));
    }

    static String eventId(BrokerAccount account, JsonNode order, String what) {
        return account.id() + ":" + BrokerJson.text(order, "OrderID") + ":" + what;
    }

    static Signal orderNew(BrokerAccount account, JsonNode order, Instrument instrument) {
        return withTerms(base(account, SignalKind.ORDER_NEW, order, instrument, eventId(account, order, "new"),
                BrokerJson.instant(order, "OpenedDateTime")), order).build();
    }

    static Signal orderModify(BrokerAccount account, JsonNode order, Instrument instrument, int change) {
        return withTerms(base(account, SignalKind.ORDER_MODIFY, order, instrument,
                eventId(account, order, "chg" + change + ":" + terms(order)), null), order).build();
    }

    static Signal orderCancel(BrokerAccount account, JsonNode order, Instrument instrument) {
        return base(account, SignalKind.ORDER_CANCEL, order, instrument, eventId(account, order, "cancel"),
                BrokerJson.instant(order, "ClosedDateTime")).build();
    }

    /**
     * The execution that took the order from {@code before} to its current executed quantity. Its price
     * is derived from the average fill price before and after, when both are known.
     */
    static Signal fillSignal(BrokerAccount account, JsonNode order, Instrument instrument, BigDecimal before,
            BigDecimal priceBefore) {
        BigDecimal now = executed(order);
        return base(account, SignalKind.FILL, order, instrument, eventId(account, order, "fill:" + plain(now)),
                BrokerJson.instant(order, "ClosedDateTime"))
                .quantity(now.subtract(before))
                .price(fillPrice(order, before, priceBefore))
                .build();
    }

    static Fill fill(BrokerAccount account, JsonNode order, Instrument instrument, BigDecimal before,
            BigDecimal priceBefore, String clientOrderId) {
        BigDecimal now = executed(order);
        Instant time = BrokerJson.instant(order, "ClosedDateTime");
        return new Fill(account.id(), BrokerJson.text(order, "OrderID") + ":" + plain(now),
                BrokerJson.text(order, "OrderID"), clientOrderId, instrument, side(order), now.subtract(before),
                fillPrice(order, before, priceBefore), BigDecimal.ZERO, time != null ? time : Instant.now());
    }

    static BigDecimal averagePrice(JsonNode order) {
        BigDecimal filled = BrokerJson.decimal(order, "FilledPrice");
        return filled != null && filled.signum() > 0 ? filled
                : BrokerJson.decimal(order.path("Legs").path(0), "ExecutionPrice");
    }

    static Side side(JsonNode order) {
        String s = BrokerJson.text(order.path("Legs").path(0), "BuyOrSell");
        if (s == null) {
            throw new IllegalArgumentException("TradeStation order " + BrokerJson.text(order, "OrderID")
                    + " has no BuyOrSell");
        }
        return s.toLowerCase().startsWith("buy") ? Side.BUY : Side.SELL;
    }

    /** Null for types copygate does not copy. */
    static OrderType orderType(JsonNode order) {
        String t = BrokerJson.text(order, "OrderType");
        if (t == null) {
            return null;
        }
        return switch (t) {
            case "Market" -> OrderType.MARKET;
            case "Limit" -> OrderType.LIMIT;
            case "StopMarket" -> OrderType.STOP;
            case "StopLimit" -> OrderType.STOP_LIMIT;
            default -> null;
        };
    }

    private static BigDecimal fillPrice(JsonNode order, BigDecimal before, BigDecimal priceBefore) {
        BigDecimal average = averagePrice(order);
        BigDecimal now = executed(order);
        if (average == null || before.signum() == 0 || priceBefore == null) {
            return average;
        }
        // average after = (before × price before + delta × delta price) / now
        BigDecimal delta = now.subtract(before);
        return average.multiply(now).subtract(priceBefore.multiply(before)).divide(delta, 8, RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
    }

    private static Signal.Builder base(BrokerAccount account, SignalKind kind, JsonNode order, Instrument instrument,
            String eventId, Instant time) {
        return Signal.builder()
                .tenant(account.tenant())
                .source(TradeStationAdapter.BROKER)
                .sourceEventId(eventId)
                .masterAccount(account.id())
                .kind(kind)
                .instrument(instrument)
                .side(side(order))
                .masterOrderRef(BrokerJson.text(order, "OrderID"))
                .sourceTime(time)
                .receivedTime(Instant.now())
                .raw(BrokerJson.write(order));
    }

    private static Signal.Builder withTerms(Signal.Builder b, JsonNode order) {
        OrderType type = orderType(order);
        return b.quantity(BrokerJson.decimal(order.path("Legs").path(0), "QuantityOrdered"))
                .orderType(type)
                .limitPrice(type != null && type.needsLimitPrice() ? BrokerJson.decimal(order, "LimitPrice") : null)
                .stopPrice(type != null && type.needsStopPrice() ? BrokerJson.decimal(order, "StopPrice") : null)
                .timeInForce(timeInForce(BrokerJson.text(order, "Duration")));
    }

    private static TimeInForce timeInForce(String duration) {
        if (duration == null) {
            return null;
        }
        return switch (duration) {
            case "DAY", "DYP" -> TimeInForce.DAY;
            case "GTC", "GCP" -> TimeInForce.GTC;
            case "IOC" -> TimeInForce.IOC;
            case "FOK" -> TimeInForce.FOK;
            default -> null;
        };
    }

    private static String plain(BigDecimal v) {
        return v == null ? "" : v.stripTrailingZeros().toPlainString();
    }
}
