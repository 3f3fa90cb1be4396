package io.copygate.broker.ninjatrader;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.signal.InvalidSignalException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One add-on event (contract §6.2): an order update or an execution on a NinjaTrader account, as read
 * from its JSON. Members the gateway does not use are ignored, so a newer add-on's additions do not
 * break an older gateway; a member of the wrong JSON type is refused (400) with its name.
 *
 * @param quantity for an order update the order's quantity in that update; for an execution the fill's
 * @param price    an execution's fill price (null for order updates)
 */
record NinjaTraderEvent(String eventId, String type, String account, String instrument, String clientOrderId,
                        String parentClientOrderId, String name, String orderId, String action, String orderType,
                        String timeInForce, BigDecimal orderQuantity, BigDecimal quantity, BigDecimal limitPrice,
                        BigDecimal stopPrice, String state, BigDecimal filled, BigDecimal averageFillPrice,
                        String executionId, BigDecimal price, String marketPosition, String error, Instant time, String raw) {

    static NinjaTraderEvent parse(String body) {
        JsonNode e;
        try {
            e = NinjaTraderOrderMapper.JSON.readTree(body == null ? "" : body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            throw InvalidSignalException.malformed("the event is not valid JSON: " + notJson.getOriginalMessage());
        } catch (IOException unreadable) {
            throw InvalidSignalException.malformed("the event cannot be read: " + unreadable.getMessage());
        }
        if (e == null || !e.isObject()) {
            throw InvalidSignalException.malformed("the event must be a JSON object");
        }
        String type = text(e, "type", true);
        if (!type.equals("order") && !type.equals("execution")) {
            throw InvalidSignalException.invalid("type", "event type must be order or execution, was '" + type + "'");
        }
        return new NinjaTraderEvent(text(e, "eventId", true), type, text(e, "account", true), text(e, "instrument", false),
                text(e, "clientOrderId", false), text(e, "parentClientOrderId", false), text(e, "name", false),
                text(e, "orderId", false), text(e, "action", false), text(e, "orderType", false),
                text(e, "timeInForce", false), number(e, "orderQuantity"), number(e, "quantity"), number(e, "limitPrice"),
                number(e, "stopPrice"), text(e, "state", false), number(e, "filled"), number(e, "averageFillPrice"),
                text(e, "executionId", false), number(e, "price"), text(e, "marketPosition", false), text(e, "error", false),
                time(e), body);
    }

    boolean isExecution() {
        return type.equals("execution");
    }

    /** copygate placed this order (a copy order or one of its bracket legs): never the account's own trading. */
    boolean placedByCopygate() {
        return clientOrderId != null || parentClientOrderId != null;
    }

    boolean isBracketLeg() {
        return parentClientOrderId != null;
    }

    private static String text(JsonNode e, String field, boolean required) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidSignalException(400, field, field + " is required");
            }
            return null;
        }
        if (!v.isTextual() || (required && v.asText().isBlank())) {
            throw new InvalidSignalException(400, field, field + " must be a " + (required ? "non-empty " : "") + "string");
        }
        return v.asText();
    }

    private static BigDecimal number(JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new InvalidSignalException(400, field, field + " must be a number");
        }
        return v.decimalValue();
    }

    private static Instant time(JsonNode e) {
        String t = text(e, "time", true);
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException bad) {
            throw new InvalidSignalException(400, "time", "time must be an ISO-8601 UTC time like 2025-11-22T14:03:07.125Z, was '" + t + "'");
        }
    }
}
