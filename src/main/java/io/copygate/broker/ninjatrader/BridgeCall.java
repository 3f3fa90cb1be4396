package io.copygate.broker.ninjatrader;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request of the add-on's contract, whichever way it travels (HTTP to the receiver, or a command
 * frame over the dial-out WebSocket).
 *
 * @param path     path and query, e.g. {@code /orders/cgabc/cancel}
 * @param body     the JSON body, or null
 * @param mayPlace the request can create or change an order: a lost answer is then an unknown outcome
 */
record BridgeCall(String method, String path, JsonNode body, boolean mayPlace) {

    /** For log lines and error messages: method and path, never a body. */
    String describe() {
        return method + " " + path;
    }
}
