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

/**
 * The links API through the real routes behind an api token, PostgreSQL and the paper broker: rules are
 * read, replaced (checked like gateway.yaml's, a bad one changes nothing), links paused and resumed,
 * every change audited, and the next signal is planned with what was stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinksApiTest {
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer api-secret", "X-Copygate-Actor", "carol",
            "Content-Type", "application/json");
    private TestDatabase db;
    private TestGateway gw;

    @BeforeAll
    void start() {
        String yaml = """
                tenants:
                  - {id: t1, name: Links desk}
                riskProfiles:
                  prop-50k: {maxPosition: 2}
                accounts:
                  - {id: m1, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
                  - {id: m2, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
                  - {id: f1, tenant: t1, broker: paper}
                  - {id: f2, tenant: t1, broker: paper, settings: {equity: "1000000"}}
                links:
                  - {id: l1, tenant: t1, master: m1, follower: f1, rules: {multiplier: 1}}
                  - {id: l2, tenant: t1, master: m2, follower: f2}
                """.formatted(WebhookTokens.sha256("token-m1"), WebhookTokens.sha256("token-m2"));
        db = TestDatabase.postgres();
        gw = TestGateway.start(db, yaml, Map.of("copygate.api.token-sha256", WebhookTokens.sha256("api-secret")));
    }

    @AfterAll
    void stop() {
        gw.close();
        db.close();
    }

    private TestGateway.Reply call(String method, String path, String body) {
        return gw.send(method, path, body, AUTH);
    }

    private String buy(String master, String qty) {
        TestGateway.Reply r = gw.post("/webhooks/tradingview/token-" + master, "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":"
                + qty + ",\"price\":6000,\"id\":\"" + UUID.randomUUID() + "\"}", "application/json");
        assertEquals(202, r.status(), r.body());
        String id = r.json().get("signalId").asText();
        db.awaitDelivered(id);
        return id;
    }

    private JsonNode signal(String id) {
        return call("GET", "/api/signals/" + id, null).json();
    }

    @Test
    void theApiNeedsTheToken() {
        Map<String, Object> before = db.rows("SELECT rules, status FROM copy_links WHERE id = 'l1'").get(0);
        assertEquals(401, gw.get("/api/links").status());
        assertEquals(401, gw.send("PUT", "/api/links/l1/rules", "{\"multiplier\": 9}", Map.of("Content-Type", "application/json")).status());
        assertEquals(401, gw.send("POST", "/api/links/l1/pause", "", Map.of("Authorization", "Bearer wrong")).status());
        assertEquals(before, db.rows("SELECT rules, status FROM copy_links WHERE id = 'l1'").get(0), "nothing changed");
    }

    @Test
    void newRulesAreCheckedStoredAuditedAndUsedForTheNextSignal() {
        TestGateway.Reply list = call("GET", "/api/links", null);
        assertEquals(200, list.status(), list.body());
        assertEquals(2, list.json().size());
        assertEquals("f1", call("GET", "/api/links/l1", null).json().get("follower").asText());
        assertEquals(404, call("GET", "/api/links/nope", null).status());

        TestGateway.Reply put = call("PUT", "/api/links/l1/rules", "{\"multiplier\": 3, \"maxQuantity\": 5, \"risk\": {\"profile\": \"prop-50k\", \"maxPosition\": 9}}");
        assertEquals(200, put.status(), put.body());
        assertEquals(0, new BigDecimal("3").compareTo(put.json().get("rules").get("multiplier").decimalValue()));
        assertEquals(1, db.count("SELECT count(*) FROM audit_log WHERE action = 'link.rules' AND actor = 'carol' AND subject = 'link:l1'"));
        JsonNode orders = signal(buy("m1", "1")).get("orders");
        assertEquals(1, orders.size(), orders.toString());
        assertEquals(0, new BigDecimal("3").compareTo(new BigDecimal(orders.get(0).get("quantity").asText())), "the planner used the new multiplier");

        String stored = db.rows("SELECT rules FROM copy_links WHERE id = 'l1'").get(0).get("rules").toString();
        Map<String, String> bad = Map.of(
                "{\"multiplierr\": 2}", "multiplierr",
                "{\"multiplier\": -1}", "multiplier",
                "{\"risk\": {\"maxPositon\": 2}}", "maxPositon",
                "{\"risk\": {\"profile\": \"nope\"}}", "risk.profile",
                "{\"mapInstrument\": {\"ES\": \"NQ\"}}", "mapInstrument",
                "{\"sizing\": {\"mode\": \"notional\"}}", "sizing.amount",
                "{\"fixedQuantity\": 2, \"sizing\": {\"mode\": \"equityRatio\"}}", "fixedQuantity");
        bad.forEach((body, field) -> {
            TestGateway.Reply r = call("PUT", "/api/links/l1/rules", body);
            assertEquals(400, r.status(), body + " → " + r.body());
            assertEquals(field, r.json().get("field").asText(), body + " → " + r.body());
            assertTrue(!r.json().get("error").asText().isBlank());
        });
        assertEquals(400, call("PUT", "/api/links/l1/rules", "[1, 2]").status());
        assertEquals(400, call("PUT", "/api/links/l1/rules", "{not json").status());
        assertEquals(404, call("PUT", "/api/links/nope/rules", "{}").status());
        assertEquals(stored, db.rows("SELECT rules FROM copy_links WHERE id = 'l1'").get(0).get("rules").toString(),
                "a refused change leaves the rules as they were");
        assertEquals(1, db.count("SELECT count(*) FROM audit_log WHERE action = 'link.rules'"), "refused changes are not audited as changes");
    }

    @Test
    void aPausedLinkRecordsSkipsUntilResumedAndEquitySizingStartsWithTheNextSignal() {
        assertEquals("paused", call("POST", "/api/links/l2/pause", "").json().get("status").asText());
        assertEquals("LINK_PAUSED", signal(buy("m2", "1")).get("skips").get(0).get("reasonCode").asText());
        assertEquals(1, db.count("SELECT count(*) FROM audit_log WHERE action = 'link.pause' AND actor = 'carol' AND subject = 'link:l2'"));

        // 30 % of the paper account's 1,000,000 at 6000 × 50 = 1 contract
        assertEquals(200, call("PUT", "/api/links/l2/rules", "{\"sizing\": {\"mode\": \"percentOfEquity\", \"percent\": 30}}").status());
        assertEquals("active", call("POST", "/api/links/l2/resume", "").json().get("status").asText());
        JsonNode orders = signal(buy("m2", "7")).get("orders");
        assertEquals(1, orders.size(), orders.toString());
        assertEquals(0, BigDecimal.ONE.compareTo(new BigDecimal(orders.get(0).get("quantity").asText())));
        assertEquals(404, call("POST", "/api/links/nope/pause", "").status());
    }
}
