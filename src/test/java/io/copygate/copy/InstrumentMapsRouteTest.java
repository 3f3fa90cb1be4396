package io.copygate.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.security.WebhookTokens;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** mapInstrument through the real routes: an ES master copied as MES (×10) and an MES master as ES (÷10). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstrumentMapsRouteTest {
    private TestDatabase db;
    private TestGateway gw;

    @BeforeAll
    void start() {
        db = TestDatabase.postgres();
        gw = TestGateway.start(db, """
                tenants:
                  - {id: t1, name: Maps}
                accounts:
                  - {id: mini, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
                  - {id: micro, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
                  - {id: f-micro, tenant: t1, broker: paper}
                  - {id: f-mini, tenant: t1, broker: paper}
                  - {id: f-capped, tenant: t1, broker: paper}
                links:
                  - {id: l-micro, tenant: t1, master: mini, follower: f-micro, rules: {mapInstrument: {ES: MES}}}
                  - {id: l-capped, tenant: t1, master: mini, follower: f-capped, rules: {mapInstrument: {ES: MES}, risk: {maxPosition: 15}}}
                  - {id: l-mini, tenant: t1, master: micro, follower: f-mini, rules: {mapInstrument: {MES: ES}}}
                """.formatted(WebhookTokens.sha256("mini-token"), WebhookTokens.sha256("micro-token")), Map.of());
    }

    @AfterAll
    void stop() {
        gw.close();
        db.close();
    }

    private JsonNode signal(String token, String body) {
        TestGateway.Reply r = gw.post("/webhooks/tradingview/" + token,
                body.replace("}", ",\"id\":\"" + UUID.randomUUID() + "\"}"), "application/json");
        assertEquals(202, r.status(), r.body());
        String id = r.json().get("signalId").asText();
        db.awaitDelivered(id);
        return gw.get("/api/signals/" + id).json();
    }

    private static JsonNode orderOf(JsonNode signal, String account) {
        for (JsonNode o : signal.get("orders")) {
            if (o.get("followerAccount").asText().equals(account)) {
                return o;
            }
        }
        throw new AssertionError("no order for " + account + " in " + signal);
    }

    private BigDecimal position(String account, String root) {
        return ((BigDecimal) db.rows("SELECT COALESCE(SUM(quantity), 0) AS q FROM positions WHERE account_id = ? AND symbol LIKE ?",
                account, root + "%").get(0).get("q")).stripTrailingZeros();
    }

    @Test
    void anEsSignalBecomesTenTimesAsManyMesAndTheExitClosesThem() {
        JsonNode entry = signal("mini-token", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":1,\"price\":6000}");
        String es = entry.get("instrument").asText();
        JsonNode micro = orderOf(entry, "f-micro");
        assertEquals("MES" + es.substring(2), micro.get("instrument").asText(), "same contract month, micro root");
        assertEquals(0, BigDecimal.TEN.compareTo(new BigDecimal(micro.get("quantity").asText())));
        assertEquals(0, BigDecimal.TEN.compareTo(position("f-micro", "MES")));

        // the risk guards count in the follower's contracts: 10 more MES would make 20, beyond 15
        JsonNode more = signal("mini-token", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":1,\"price\":6000}");
        JsonNode skip = more.get("skips").get(0);
        assertEquals("MAX_POSITION", skip.get("reasonCode").asText());
        assertTrue(skip.get("reason").asText().startsWith(es + " → MES" + es.substring(2) + " ×10: "), skip.toString());

        JsonNode exit = signal("mini-token", "{\"ticker\":\"ES1!\",\"action\":\"exit\",\"price\":6001}");
        assertEquals(0, new BigDecimal("20").compareTo(new BigDecimal(orderOf(exit, "f-micro").get("quantity").asText())));
        assertEquals(0, new BigDecimal("10").compareTo(new BigDecimal(orderOf(exit, "f-capped").get("quantity").asText())));
        gw.await("micro followers flat", Duration.ofSeconds(5),
                () -> position("f-micro", "MES").signum() == 0 && position("f-capped", "MES").signum() == 0);
    }

    @Test
    void mesToEsDividesAndAFractionOfAContractIsASkipThatSaysSo() {
        JsonNode five = signal("micro-token", "{\"ticker\":\"MES1!\",\"action\":\"buy\",\"quantity\":5,\"price\":6000}");
        assertEquals(0, five.get("orders").size(), five.toString());
        JsonNode skip = five.get("skips").get(0);
        assertEquals("QUANTITY_ZERO", skip.get("reasonCode").asText());
        assertTrue(skip.get("reason").asText().contains("÷10") && skip.get("reason").asText().contains("rounds down to 0"),
                skip.toString());
        JsonNode twenty = signal("micro-token", "{\"ticker\":\"MES1!\",\"action\":\"buy\",\"quantity\":20,\"price\":6000}");
        JsonNode es = orderOf(twenty, "f-mini");
        assertTrue(es.get("instrument").asText().startsWith("ES"), es.toString());
        assertEquals(0, new BigDecimal("2").compareTo(new BigDecimal(es.get("quantity").asText())));
    }
}
