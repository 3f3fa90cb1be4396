package io.copygate.broker.ninjatrader;

import com.fasterxml.jackson.databind.JsonNode;

/** The add-on's answer: the status and JSON body of section 5 of the contract, the same on both transports. */
record BridgeReply(int status, JsonNode body) {
}
