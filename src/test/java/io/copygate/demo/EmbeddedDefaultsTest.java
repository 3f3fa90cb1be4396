package io.copygate.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's first run: embedded H2, the shipped demo config/gateway.yaml, the paper broker,
 * and the README's curl (token demo-token-change-me) — follower orders visible through the API.
 */
class EmbeddedDefaultsTest {

    @Test
    void theReadmeAlertReachesBothDemoPaperAccountsOnH2() throws Exception {
        Path dir = Files.createTempDirectory("copygate-h2");
        TestDatabase h2 = TestDatabase.h2(dir);
        try (TestGateway gw = TestGateway.start(h2, Files.readString(Path.of("config/gateway.yaml")), Map.of())) {
            TestGateway.Reply r = gw.post("/webhooks/tradingview/demo-token-change-me",
                    "{\"ticker\":\"CME_MINI:ES1!\",\"action\":\"buy\",\"sentiment\":\"long\",\"quantity\":1,\"price\":6000.25}",
                    "application/json");
            assertEquals(202, r.status(), r.body());
            gw.await("both demo followers acked", Duration.ofSeconds(10), () -> {
                JsonNode orders = gw.get("/api/orders?state=acked").json();
                return orders.size() == 2;
            });
            JsonNode orders = gw.get("/api/orders").json();
            Map<String, String> qty = new java.util.TreeMap<>();
            orders.forEach(o -> qty.put(o.get("followerAccount").asText(), o.get("quantity").asText()));
            assertEquals(Map.of("paper-1", "1", "paper-2", "2"), qty, "paper-2 copies ×2");
            assertTrue(Files.exists(dir.resolve("copygate.mv.db")), "the journal lives in the H2 file");
            var latency = h2.rows("SELECT received_to_sent_ms, received_to_acked_ms FROM copy_latency");
            assertEquals(2, latency.size());
            latency.forEach(row -> assertTrue(((java.math.BigDecimal) row.get("received_to_acked_ms")).signum() >= 0, row.toString()));
            assertEquals(2, h2.count("SELECT count(*) FROM trade_history WHERE master_account_id = 'demo-master'"));
            // reconciliation's SQL on H2 too: the demo master is a webhook source, so both links are reported as errors
            TestGateway.Reply run = gw.post("/api/reconciliations", "", "application/json");
            assertEquals(201, run.status(), run.body());
            assertEquals(2, run.json().get("results").size(), run.body());
            run.json().get("results").forEach(res -> assertEquals("error", res.get("classification").asText()));
        }
    }
}
