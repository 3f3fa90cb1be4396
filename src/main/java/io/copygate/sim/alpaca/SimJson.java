package io.copygate.sim.alpaca;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/** JSON the way Alpaca writes it: decimals as plain strings, times as RFC 3339 UTC. */
final class SimJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private SimJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String decimal(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    static void put(ObjectNode node, String field, BigDecimal value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, decimal(value));
        }
    }

    static void put(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static String error(Integer code, String message) {
        ObjectNode body = object();
        if (code != null) {
            body.put("code", code);
        }
        body.put("message", message);
        return write(body);
    }

    /** A request body as a JSON object; Alpaca answers 400 to anything else. */
    static ObjectNode parseObject(String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : MAPPER.readTree(body);
        } catch (Exception e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new SimReject(400, 40010000, "request body format is invalid");
        }
        return (ObjectNode) node;
    }

    /**
     * A decimal field of a request. Alpaca documents these as strings but also takes JSON numbers
     * (its own fractional examples send {@code "qty": 3.654}).
     */
    static BigDecimal decimal(JsonNode request, String field) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.textValue().trim());
            } catch (NumberFormatException e) {
                throw SimReject.invalid("invalid " + field);
            }
        }
        throw SimReject.invalid("invalid " + field);
    }

    static String text(JsonNode request, String field) {
        JsonNode v = request.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
