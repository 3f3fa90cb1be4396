package io.copygate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.security.WebhookTokens;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Kill switches through the real API, routes, PostgreSQL and the paper broker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillSwitchTest {
    /** One desk (tenant) per test, each a master with two paper followers: the tests share one gateway. */
    private static final String[] DESKS = {"a", "b", "c", "d", "e"};
    private TestDatabase db;
    private TestGateway gw;

    @BeforeAll
    void start() {
        StringBuilder yaml = new StringBuilder("tenants:\n");
        for (String d : DESKS) {
            yaml.append("  - {id: t").append(d).append(", name: Desk ").append(d).append("}\n");
        }
        yaml.append("accounts:\n");
        for (String d : DESKS) {
            yaml.append(("  - {id: m%1$s, tenant: t%1$s, broker: webhook, webhookTokens: [{sha256: %2$s}]}\n"
                    + "  - {id: %1$s1, tenant: t%1$s, broker: paper}\n  - {id: %1$s2, tenant: t%1$s, broker: paper}\n")
                    .formatted(d, WebhookTokens.sha256("token-" + d)));
        }
        yaml.append("links:\n");
        for (String d : DESKS) {
            yaml.append(("  - {id: l%1$s1, tenant: t%1$s, master: m%1$s, follower: %1$s1}\n"
                    + "  - {id: l%1$s2, tenant: t%1$s, master: m%1$s, follower: %1$s2}\n").formatted(d));
        }
        db = TestDatabase.postgres();
        gw = TestGateway.start(db, yaml.toString(), Map.of());
    }

    @AfterAll
    void stop() {
        gw.close();
        db.close();
    }

    private String signal(String desk, String body) {
        TestGateway.Reply r = gw.post("/webhooks/tradingview/token-" + desk, body.replace("}", ",\"id\":\"" + UUID.randomUUID() + "\"}"),
                "application/json");
        assertEquals(202, r.status(), r.body());
        String id = r.json().get("signalId").asText();
        awaitDelivered(id);
        return id;
    }

    private void awaitDelivered(String signalId) {
        db.awaitDelivered(signalId);
    }

    private void awaitAllDelivered() {
        gw.await("every copy order delivered", Duration.ofSeconds(10), () -> db.count(
                "SELECT count(*) FROM copy_orders WHERE state IN ('planned','sent')") == 0);
    }

    private TestGateway.Reply engage(String body) {
        return gw.post("/api/kill-switches", body, Map.of("Content-Type", "application/json", "X-Copygate-Actor", "risk-desk"));
    }

    private BigDecimal position(String account) {
        return ((BigDecimal) db.rows("SELECT COALESCE(SUM(quantity), 0) AS q FROM positions WHERE account_id = ?", account)
                .get(0).get("q")).stripTrailingZeros();
    }

    private long working(String account) {
        return db.count("SELECT count(*) FROM paper_orders WHERE account_id = ? AND status IN ('working', 'pending')", account);
    }

    private Map<String, String> skips(String signalId) {
        Map<String, String> out = new java.util.TreeMap<>();
        gw.get("/api/signals/" + signalId).json().get("skips").forEach(s ->
                out.put(s.get("followerAccount").asText(), s.get("reasonCode").asText()));
        return out;
    }

    /** Both followers long 2 NQ with a working limit order and a bracketed entry's legs. */
    private void openPositionsAndWorkingOrders(String desk) {
        signal(desk, "{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":2,\"price\":20000,"
                + "\"stopLoss\":{\"stopPrice\":19900},\"takeProfit\":{\"limitPrice\":20200}}");
        signal(desk, "{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"orderType\":\"limit\",\"limitPrice\":100,\"quantity\":1,\"price\":20000}");
        for (String f : List.of(desk + "1", desk + "2")) {
            assertEquals(0, new BigDecimal("2").compareTo(position(f)));
            // the gateway places a paper follower's stop and target once its entry's fill is reported
            gw.await("limit order + the bracket's stop and target at " + f, Duration.ofSeconds(10), () -> working(f) == 3);
            awaitAllDelivered();
        }
    }

    @Test
    void anAccountKillSwitchCancelsAndFlattensThatAccountOnlyThroughTheOutboxAndStopsItsCopying() {
        openPositionsAndWorkingOrders("a");

        TestGateway.Reply r = engage("{\"scope\":\"account\",\"id\":\"a1\",\"reason\":\"daily loss breached at the broker\"}");
        assertEquals(201, r.status(), r.body());
        JsonNode ks = r.json();
        assertTrue(ks.get("engaged").asBoolean());
        String killSignal = ks.get("signalId").asText();
        awaitDelivered(killSignal);

        // the cancel and flatten orders are ordinary journaled copy orders, delivered and acked: a cancel of
        // the working limit and of each bracket leg (the gateway placed them as orders of their own)
        List<Map<String, Object>> orders = db.rows("SELECT intent, side, quantity, state, follower_account_id FROM copy_orders "
                + "WHERE signal_id = ? ORDER BY intent, id", killSignal);
        assertEquals(List.of("CANCEL", "CANCEL", "CANCEL", "PLACE"), orders.stream().map(o -> o.get("intent")).toList(), orders.toString());
        assertTrue(orders.stream().allMatch(o -> "acked".equals(o.get("state")) && "a1".equals(o.get("follower_account_id"))),
                orders.toString());
        gw.await("a1 flat", Duration.ofSeconds(5), () -> position("a1").signum() == 0);
        assertEquals(0, working("a1"), "no working order is left behind on a1");
        assertEquals("kill-switch", gw.get("/api/signals/" + killSignal).json().get("source").asText());
        // a2 is untouched
        assertEquals(0, new BigDecimal("2").compareTo(position("a2")));
        assertEquals(3, working("a2"));
        assertEquals(1, db.count("SELECT count(*) FROM audit_log WHERE action = 'kill-switch.engage' AND actor = 'risk-desk' "
                + "AND subject = 'account:a1'"));

        // copying to a1 has stopped, entries and exits alike; a2 goes on
        String entry = signal("a", "{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":1,\"price\":20000}");
        assertEquals(Map.of("a1", "KILL_SWITCH"), skips(entry));
        assertEquals(List.of("a2"), db.rows("SELECT follower_account_id FROM copy_orders WHERE signal_id = ?", entry).stream()
                .map(o -> o.get("follower_account_id")).toList());
        assertTrue(gw.get("/api/signals/" + entry).json().get("skips").get(0).get("reason").asText()
                .contains("daily loss breached at the broker"));

        // a second engage on the same account is refused; the way back is release
        assertEquals(409, engage("{\"scope\":\"account\",\"id\":\"a1\",\"reason\":\"again\"}").status());
        long id = ks.get("id").asLong();
        TestGateway.Reply released = gw.post("/api/kill-switches/" + id + "/release", "", Map.of("X-Copygate-Actor", "risk-desk"));
        assertEquals(200, released.status(), released.body());
        assertFalse(released.json().get("engaged").asBoolean());
        assertEquals(1, db.count("SELECT count(*) FROM audit_log WHERE action = 'kill-switch.release' AND subject = 'account:a1'"));
        String after = signal("a", "{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":1,\"price\":20000}");
        assertEquals(Map.of(), skips(after));
        assertEquals(2, db.count("SELECT count(*) FROM copy_orders WHERE signal_id = ?", after));
        gw.get("/api/kill-switches?engaged=true").json().forEach(k -> assertFalse("a1".equals(k.get("subject").asText())));
    }

    @Test
    void aTenantKillSwitchReachesEveryFollowerOfTheTenantAndNoOtherTenant() {
        openPositionsAndWorkingOrders("b");
        TestGateway.Reply r = engage("{\"scope\":\"tenant\",\"id\":\"tb\",\"reason\":\"desk halted\"}");
        assertEquals(201, r.status(), r.body());
        String killSignal = r.json().get("signalId").asText();
        awaitDelivered(killSignal);
        assertEquals(List.of("b1", "b2"), db.rows("SELECT DISTINCT follower_account_id FROM copy_orders WHERE signal_id = ? "
                + "ORDER BY 1", killSignal).stream().map(o -> o.get("follower_account_id")).toList(), "only desk b's followers");
        gw.await("b1 and b2 flat", Duration.ofSeconds(5), () -> position("b1").signum() == 0 && position("b2").signum() == 0);
        assertEquals(0, working("b1") + working("b2"));
        assertEquals(Map.of("b1", "KILL_SWITCH", "b2", "KILL_SWITCH"),
                skips(signal("b", "{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":1,\"price\":20000}")));
        List<String> engaged = new java.util.ArrayList<>();
        gw.get("/api/kill-switches?engaged=true").json().forEach(k -> engaged.add(k.get("scope").asText() + ":" + k.get("subject").asText()));
        assertTrue(engaged.contains("tenant:tb"), engaged.toString());
        assertEquals("tenant", gw.get("/api/kill-switches/" + r.json().get("id").asLong()).json().get("scope").asText());
    }

    @Test
    void aLinkKillSwitchWithoutFlattenOnlyCancelsAndPauses() {
        openPositionsAndWorkingOrders("c");
        TestGateway.Reply r = engage("{\"scope\":\"link\",\"id\":\"lc2\",\"reason\":\"pause l2\",\"flatten\":false}");
        assertEquals(201, r.status(), r.body());
        awaitDelivered(r.json().get("signalId").asText());
        assertEquals(0, working("c2"));
        assertEquals(0, new BigDecimal("2").compareTo(position("c2")), "flatten: false keeps the position");
        assertEquals(Map.of("c2", "KILL_SWITCH"), skips(signal("c", "{\"ticker\":\"NQ1!\",\"action\":\"exit\",\"price\":20000}")));
        assertEquals(0, position("c1").signum(), "c1 copied the exit");
    }

    @Test
    void badRequestsAreRefusedNamingTheField() {
        assertEquals(422, engage("{\"scope\":\"desk\",\"id\":\"td\",\"reason\":\"x\"}").status());
        assertEquals("scope", engage("{\"scope\":\"desk\",\"id\":\"td\",\"reason\":\"x\"}").json().get("field").asText());
        assertEquals(404, engage("{\"scope\":\"account\",\"id\":\"nobody\",\"reason\":\"x\"}").status());
        assertEquals("reason", engage("{\"scope\":\"account\",\"id\":\"d1\"}").json().get("field").asText());
        assertEquals(404, gw.post("/api/kill-switches/999/release", "", "application/json").status());
        assertEquals(0, db.count("SELECT count(*) FROM kill_switches WHERE subject IN ('td', 'd1', 'nobody')"));
    }

    @Test
    void anAccountAlreadyUnderAnotherFlatteningSwitchIsNotCancelledOrClosedTwice() {
        openPositionsAndWorkingOrders("e");
        // e1's own switch was engaged a moment ago; its flatten is still on its way to the broker
        db.execute("INSERT INTO kill_switches (scope, subject, reason, flatten, engaged_at, engaged_by) "
                + "VALUES ('account', 'e1', 'in flight', TRUE, now(), 'ops')");
        TestGateway.Reply r = engage("{\"scope\":\"tenant\",\"id\":\"te\",\"reason\":\"desk halted\"}");
        assertEquals(201, r.status(), r.body());
        awaitDelivered(r.json().get("signalId").asText());
        assertEquals(List.of("e2"), db.rows("SELECT DISTINCT follower_account_id FROM copy_orders WHERE signal_id = ?",
                r.json().get("signalId").asText()).stream().map(o -> o.get("follower_account_id")).toList());
        assertEquals(0, new BigDecimal("2").compareTo(position("e1")), "no second flatten that would reverse e1");
        gw.await("e2 flat", Duration.ofSeconds(5), () -> position("e2").signum() == 0);
    }
}
