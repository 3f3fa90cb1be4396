package io.copygate.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.signal.InvalidSignalException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reading fields of an inbound JSON body, each failure an {@link InvalidSignalException} naming the
 * field. Numbers are read exactly (BigDecimal) and may arrive as strings, as TradingView placeholders
 * produce them ({@code "quantity": "{{strategy.order.contracts}}"} becomes {@code "quantity": "2"}).
 */
final class JsonFields {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonFields() {
    }

    static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            throw InvalidSignalException.malformed("the body is empty");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (!(node instanceof ObjectNode object)) {
                throw InvalidSignalException.malformed("the body must be a JSON object");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw InvalidSignalException.malformed("malformed JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw InvalidSignalException.invalid(field, field + " must be a string");
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    static String lower(JsonNode node, String field) {
        String s = text(node, field);
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    static BigDecimal decimal(JsonNode node, String field) {
        return number(node.get(field), field);
    }

    /** A number value already taken out of its object; {@code field} names it in errors. */
    static BigDecimal number(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual() && !v.asText().isBlank()) {
            try {
                return new BigDecimal(v.asText().trim());
            } catch (NumberFormatException e) {
                throw InvalidSignalException.invalid(field, field + " must be a number, was '" + v.asText() + "'");
            }
        }
        if (v.isTextual()) {
            return null;
        }
        throw InvalidSignalException.invalid(field, field + " must be a number");
    }

    static Instant instant(JsonNode node, String field) {
        String s = text(node, field);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            if (s.matches("\\d{10,13}")) { // epoch seconds or millis
                long n = Long.parseLong(s);
                return s.length() == 13 ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
            }
            throw InvalidSignalException.invalid(field, field + " must be an ISO-8601 time, was '" + s + "'");
        }
    }

    static <E extends Enum<E>> E choice(String value, String field, Class<E> type, String allowed) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidSignalException.invalid(field, "unknown " + field + " '" + value + "': expected " + allowed);
        }
    }
}
