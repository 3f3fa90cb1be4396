package io.copygate.broker.tradovate;

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
import java.time.Instant;

/**
 * Tradovate's WebSocket protocol and entities → canonical signals and fills, as pure functions.
 *
 * <p>Frames (https://partner.tradovate.com/overview/core-concepts/web-sockets/connection-overview):
 * {@code o} opened, {@code h} server heartbeat, {@code a[...]} a JSON array of responses
 * ({@code {"s":200,"i":7,"d":...}}) and events ({@code {"e":"props","d":{"entityType","eventType","entity"}}}),
 * {@code c[code,"reason"]} closed. Requests are {@code endpoint\nid\nquery\nbody}.
 *
 * <p>Event ids are stable across redeliveries and re-syncs because they are built from Tradovate's
 * own ids: {@code <account>:<orderId>:new}, {@code <account>:<orderId>:v<orderVersionId>} (a modify
 * creates a new order version), {@code <account>:<orderId>:cancel}, {@code <account>:fill:<fillId>}.
 */
final class TradovateEvents {

    /** One server frame; {@code payload} is the JSON after the type letter, or null. */
    record Frame(char type, JsonNode payload) {
    }

    private TradovateEvents() {
    }

    static Frame frame(String text) {
        if (text == null || text.isEmpty()) {
            return new Frame('?', null);
        }
        char type = text.charAt(0);
        String rest = text.substring(1);
        return new Frame(type, rest.isBlank() ? null : BrokerJson.parse(rest));
    }

    static String request(String endpoint, long id, String query, String body) {
        return endpoint + "\n" + id + "\n" + (query == null ? "" : query) + "\n" + (body == null ? "" : body);
    }

    static Side side(String action) {
        if ("Buy".equals(action)) {
            return Side.BUY;
        }
        if ("Sell".equals(action)) {
            return Side.SELL;
        }
        throw new IllegalArgumentException("unknown Tradovate action '" + action + "'");
    }

    /** Null for Tradovate types copygate does not copy (MIT, QTS, trailing stops). */
    static OrderType orderType(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "Market" -> OrderType.MARKET;
            case "Limit" -> OrderType.LIMIT;
            case "Stop" -> OrderType.STOP;
            case "StopLimit" -> OrderType.STOP_LIMIT;
            default -> null;
        };
    }

    static TimeInForce timeInForce(String tif) {
        if (tif == null) {
            return null;
        }
        return switch (tif) {
            case "Day" -> TimeInForce.DAY;
            case "GTC" -> TimeInForce.GTC;
            case "IOC" -> TimeInForce.IOC;
            case "FOK" -> TimeInForce.FOK;
            default -> null;
        };
    }

    static String eventId(BrokerAccount account, long orderId, String what) {
        return account.id() + ":" + orderId + ":" + what;
    }

    static Signal orderNew(BrokerAccount account, JsonNode order, JsonNode version, Instrument instrument) {
        return terms(base(account, SignalKind.ORDER_NEW, order, instrument,
                eventId(account, order.get("id").asLong(), "new"), BrokerJson.instant(order, "timestamp"),
                raw(order, version)), version).build();
    }

    static Signal orderModify(BrokerAccount account, JsonNode order, JsonNode version, Instrument instrument) {
        return terms(base(account, SignalKind.ORDER_MODIFY, order, instrument,
                eventId(account, order.get("id").asLong(), "v" + version.get("id").asLong()),
                BrokerJson.instant(version, "timestamp"), raw(order, version)), version).build();
    }

    static Signal orderCancel(BrokerAccount account, JsonNode order, Instrument instrument) {
        return base(account, SignalKind.ORDER_CANCEL, order, instrument,
                eventId(account, order.get("id").asLong(), "cancel"), BrokerJson.instant(order, "timestamp"),
                BrokerJson.write(order)).build();
    }

    static Signal fillSignal(BrokerAccount account, JsonNode fill, Instrument instrument) {
        return Signal.builder()
                .tenant(account.tenant())
                .source(TradovateAdapter.BROKER)
                .sourceEventId(account.id() + ":fill:" + fill.get("id").asLong())
                .masterAccount(account.id())
                .kind(SignalKind.FILL)
                .instrument(instrument)
                .side(side(BrokerJson.text(fill, "action")))
                .quantity(BrokerJson.decimal(fill, "qty"))
                .price(BrokerJson.decimal(fill, "price"))
                .masterOrderRef(fill.get("orderId").asText())
                .sourceTime(BrokerJson.instant(fill, "timestamp"))
                .receivedTime(Instant.now())
                .raw(BrokerJson.write(fill))
                .build();
    }

    static Fill fill(BrokerAccount account, JsonNode fill, Instrument instrument, String clientOrderId) {
        return new Fill(account.id(), fill.get("id").asText(), fill.get("orderId").asText(), clientOrderId,
                instrument, side(BrokerJson.text(fill, "action")), BrokerJson.decimal(fill, "qty"),
                BrokerJson.decimal(fill, "price"), BigDecimal.ZERO, BrokerJson.instant(fill, "timestamp"));
    }

    private static Signal.Builder base(BrokerAccount account, SignalKind kind, JsonNode order, Instrument instrument,
            String eventId, Instant time, String raw) {
        return Signal.builder()
                .tenant(account.tenant())
                .source(TradovateAdapter.BROKER)
                .sourceEventId(eventId)
                .masterAccount(account.id())
                .kind(kind)
                .instrument(instrument)
                .side(side(BrokerJson.text(order, "action")))
                .masterOrderRef(order.get("id").asText())
                .sourceTime(time)
                .receivedTime(Instant.now())
                .raw(raw);
    }

    private static Signal.Builder terms(Signal.Builder b, JsonNode version) {
        OrderType type = orderType(BrokerJson.text(version, "orderType"));
        return b.quantity(BrokerJson.decimal(version, "orderQty"))
                .orderType(type)
                .limitPrice(type != null && type.needsLimitPrice() ? BrokerJson.decimal(version, "price") : null)
                .stopPrice(type != null && type.needsStopPrice() ? BrokerJson.decimal(version, "stopPrice") : null)
                .timeInForce(timeInForce(BrokerJson.text(version, "timeInForce")));
    }

    private static String raw(JsonNode order, JsonNode version) {
        return "{\"order\":" + BrokerJson.write(order) + ",\"orderVersion\":" + BrokerJson.write(version) + "}";
    }
}
