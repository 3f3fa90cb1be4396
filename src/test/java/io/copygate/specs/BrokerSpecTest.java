package io.copygate.specs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spec checker itself must be able to say no, or every contract test built on it is worthless. */
class BrokerSpecTest {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json",
            "APCA-API-KEY-ID", "k", "APCA-API-SECRET-KEY", "s");

    @Test
    void alpacaAllowsADocumentedOrderAndRefusesAnUndocumentedField() {
        BrokerSpec spec = BrokerSpec.load("alpaca/trading-api.openapi.yaml");
        assertTrue(spec.problems("POST", "/v2/orders", JSON,
                "{\"symbol\":\"AAPL\",\"qty\":\"3\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\","
                        + "\"client_order_id\":\"cgabcdefghijklmnop\"}").isEmpty(),
                "a documented market order must validate");
        assertFalse(spec.problems("POST", "/v2/orders", JSON,
                "{\"symbol\":\"AAPL\",\"qty\":\"3\",\"side\":\"sideways\",\"type\":\"market\",\"time_in_force\":\"day\"}").isEmpty(),
                "an undocumented side must be refused");
        assertFalse(spec.problems("POST", "/v2/no-such-endpoint", JSON, "{}").isEmpty(),
                "an undocumented path must be refused");
    }
}
