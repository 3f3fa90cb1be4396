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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kill switches through the real API, routes, PostgreSQL and the paper broker. */
class KillSwitchTest {
    private static final String CONFIG = """
            tenants:
              - {id: t1, name: Desk one}
              - {id: t2, name: Desk two}
            accounts:
              - {id: master, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
              - {id: f1, tenant: t1, broker: paper}
              - {id: f2, tenant: t1, broker: paper}
              - {id: other-master, tenant: t2, broker: webhook}
              - {id: g1, tenant: t2, broker: paper}
            links:
              - {id: l1, tenant: t1, master: master, follower: f1}
              - {id: l2, tenant: t1, master: master, follower: f2}
              - {id: lg, tenant: t2, master: other-master, follower: g1}
            """.formatted(WebhookTokens.sha256("kill-token"));
    private TestDatabase db;
    private TestGateway gw;

    @BeforeEach
    void start() {
        db = TestDatabase.postgres();
        gw = TestGateway.start(db, CONFIG, Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
        db.close();
    }

    private String signal(String body) {
        TestGateway.Reply r = gw.post("/webhooks/tradingview/kill-token", body.replace("}", ",\"id\":\"" + UUID.randomUUID() + "\"}"),
                "application/json");
        assertEquals(202, r.status(), r.body());
        String id = r.json().get("signalId").asText();
        awaitDelivered(id);
        return id;
    }

    private void awaitDelivered(String signalId) {
        gw.await("copy orders of " + signalId + " delivered", Duration.ofSeconds(10), () -> db.count(
                "SELECT count(*) FROM copy_orders WHERE signal_id = ? AND state IN ('planned','sent')", signalId) == 0);
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
    private void openPositionsAndWorkingOrders() {
        signal("{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":2,\"price\":20000,"
                + "\"stopLoss\":{\"stopPrice\":19900},\"takeProfit\":{\"limitPrice\":20200}}");
        signal("{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"orderType\":\"limit\",\"limitPrice\":100,\"quantity\":1,\"price\":20000}");
        assertEquals(0, new BigDecimal("2").compareTo(position("f1")));
        assertEquals(3, working("f1"), "limit order + the bracket's stop and target");
    }

    @Test
    void anAccountKillSwitchCancelsAndFlattensThatAccountOnlyThroughTheOutboxAndStopsItsCopying() {
        openPositionsAndWorkingOrders();

        TestGateway.Reply r = engage("{\"scope\":\"account\",\"id\":\"f1\",\"reason\":\"daily loss breached at the broker\"}");
        assertEquals(201, r.status(), r.body());
        JsonNode ks = r.json();
        assertTrue(ks.get("engaged").asBoolean());
        String killSignal = ks.get("signalId").asText();
        awaitDelivered(killSignal);

        // the cancel and flatten orders are ordinary journaled copy orders, delivered and acked
        List<Map<String, Object>> orders = db.rows("SELECT intent, side, quantity, state, follower_account_id FROM copy_orders "
                + "WHERE signal_id = ? ORDER BY intent, id", killSignal);
        assertEquals(List.of("CANCEL", "CANCEL", "PLACE"), orders.stream().map(o -> o.get("intent")).toList(), orders.toString());
        assertTrue(orders.stream().allMatch(o -> "acked".equals(o.get("state")) && "f1".equals(o.get("follower_account_id"))),
                orders.toString());
        gw.await("f1 flat", Duration.ofSeconds(5), () -> position("f1").signum() == 0);
        assertEquals(0, working("f1"), "no working order is left behind on f1");
        assertEquals("kill-switch", gw.get("/api/signals/" + killSignal).json().get("source").asText());
        // f2 is untouched
        assertEquals(0, new BigDecimal("2").compareTo(position("f2")));
        assertEquals(3, working("f2"));
        assertEquals(1, db.count("SELECT count(*) FROM audit_log WHERE action = 'kill-switch.engage' AND actor = 'risk-desk' "
                + "AND subject = 'account:f1'"));

        // copying to f1 has stopped, entries and exits alike; f2 goes on
        String entry = signal("{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":1,\"price\":20000}");
        assertEquals(Map.of("f1", "KILL_SWITCH"), skips(entry));
        assertEquals(List.of("f2"), db.rows("SELECT follower_account_id FROM copy_orders WHERE signal_id = ?", entry).stream()
                .map(o -> o.get("follower_account_id")).toList());
        assertTrue(gw.get("/api/signals/" + entry).json().get("skips").get(0).get("reason").asText()
                .contains("daily loss breached at the broker"));

        // a second engage on the same account is refused; the way back is release
        assertEquals(409, engage("{\"scope\":\"account\",\"id\":\"f1\",\"reason\":\"again\"}").status());
        long id = ks.get("id").asLong();
        TestGateway.Reply released = gw.post("/api/kill-switches/" + id + "/release", "", Map.of("X-Copygate-Actor", "risk-desk"));
        assertEquals(200, released.status(), released.body());
        assertFalse(released.json().get("engaged").asBoolean());
        assertEquals(1, db.count("SELECT count(*) FROM audit_log WHERE action = 'kill-switch.release'"));
        String after = signal("{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":1,\"price\":20000}");
        assertEquals(Map.of(), skips(after));
        assertEquals(2, db.count("SELECT count(*) FROM copy_orders WHERE signal_id = ?", after));
        assertEquals(0, gw.get("/api/kill-switches?engaged=true").json().size());
    }

    @Test
    void aTenantKillSwitchReachesEveryFollowerOfTheTenantAndNoOtherTenant() {
        openPositionsAndWorkingOrders();
        TestGateway.Reply r = engage("{\"scope\":\"tenant\",\"id\":\"t1\",\"reason\":\"desk halted\"}");
        assertEquals(201, r.status(), r.body());
        awaitDelivered(r.json().get("signalId").asText());
        gw.await("f1 and f2 flat", Duration.ofSeconds(5), () -> position("f1").signum() == 0 && position("f2").signum() == 0);
        assertEquals(0, working("f1") + working("f2"));
        assertEquals(Map.of("f1", "KILL_SWITCH", "f2", "KILL_SWITCH"),
                skips(signal("{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":1,\"price\":20000}")));
        assertEquals(1, gw.get("/api/kill-switches?engaged=true").json().size());
        assertEquals("tenant", gw.get("/api/kill-switches/" + r.json().get("id").asLong()).json().get("scope").asText());
    }

    @Test
    void aLinkKillSwitchWithoutFlattenOnlyCancelsAndPauses() {
        openPositionsAndWorkingOrders();
        TestGateway.Reply r = engage("{\"scope\":\"link\",\"id\":\"l2\",\"reason\":\"pause l2\",\"flatten\":false}");
        assertEquals(201, r.status(), r.body());
        awaitDelivered(r.json().get("signalId").asText());
        assertEquals(0, working("f2"));
        assertEquals(0, new BigDecimal("2").compareTo(position("f2")), "flatten: false keeps the position");
        assertEquals(Map.of("f2", "KILL_SWITCH"), skips(signal("{\"ticker\":\"NQ1!\",\"action\":\"exit\",\"price\":20000}")));
        assertEquals(0, position("f1").signum(), "f1 copied the exit");
    }

    @Test
    void badRequestsAreRefusedNamingTheField() {
        assertEquals(422, engage("{\"scope\":\"desk\",\"id\":\"t1\",\"reason\":\"x\"}").status());
        assertEquals("scope", engage("{\"scope\":\"desk\",\"id\":\"t1\",\"reason\":\"x\"}").json().get("field").asText());
        assertEquals(404, engage("{\"scope\":\"account\",\"id\":\"nobody\",\"reason\":\"x\"}").status());
        assertEquals("reason", engage("{\"scope\":\"account\",\"id\":\"f1\"}").json().get("field").asText());
        assertEquals(404, gw.post("/api/kill-switches/999/release", "", "application/json").status());
        assertEquals(0, db.count("SELECT count(*) FROM kill_switches"));
    }

    @Test
    void anOrderPlannedBeforeTheSwitchIsHeldBackAtDelivery() {
        // a crash left an entry for f1 journaled but unsent; the switch is engaged before the restart
        signal("{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":1,\"price\":20000}");
        String entry = (String) db.rows("SELECT signal_id FROM copy_orders WHERE follower_account_id = 'f1'").get(0).get("signal_id");
        db.execute("INSERT INTO copy_orders (id, signal_id, link_id, tenant_id, follower_account_id, broker, intent, symbol, "
                + "asset_class, side, quantity, order_type, time_in_force, state, received_at, planned_at, updated_at) "
                + "SELECT 'unsent0000000000f1', signal_id, link_id, tenant_id, follower_account_id, broker, intent, symbol, "
                + "asset_class, side, quantity, order_type, time_in_force, 'planned', received_at, planned_at, updated_at "
                + "FROM copy_orders WHERE follower_account_id = 'f1' AND signal_id = ?", entry);
        assertEquals(201, engage("{\"scope\":\"account\",\"id\":\"f1\",\"reason\":\"halt\",\"flatten\":false}").status());
        gw.close();
        gw = TestGateway.start(db, CONFIG, Map.of());   // recovery resumes the unsent order
        gw.await("the unsent order settled", Duration.ofSeconds(10), () ->
                db.count("SELECT count(*) FROM copy_orders WHERE id = 'unsent0000000000f1' AND state = 'discarded'") == 1);
        assertEquals(0, db.count("SELECT count(*) FROM paper_orders WHERE client_order_id = 'unsent0000000000f1'"));
        JsonNode skip = gw.get("/api/signals/" + entry).json().get("skips").get(0);
        assertEquals("KILL_SWITCH", skip.get("reasonCode").asText());
        assertTrue(skip.get("reason").asText().contains("held back at delivery"), skip.toString());
    }

    @Test
    void anEntryWhoseSignalAgedPastMaxSignalAgeBeforeItsFirstSendIsHeldBackAtDelivery() {
        signal("{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":1,\"price\":20000}");
        String entry = (String) db.rows("SELECT signal_id FROM copy_orders WHERE follower_account_id = 'f2'").get(0).get("signal_id");
        // a crash left a copy of a minute-old signal unsent; the link allows 5 s
        db.execute("INSERT INTO copy_orders (id, signal_id, link_id, tenant_id, follower_account_id, broker, intent, symbol, "
                + "asset_class, side, quantity, order_type, time_in_force, state, received_at, planned_at, updated_at) "
                + "SELECT 'stale00000000000f2', signal_id, link_id, tenant_id, follower_account_id, broker, intent, symbol, "
                + "asset_class, side, quantity, order_type, time_in_force, 'planned', received_at - INTERVAL '1 minute', "
                + "planned_at, updated_at FROM copy_orders WHERE follower_account_id = 'f2' AND signal_id = ?", entry);
        db.execute("UPDATE copy_links SET rules = '{\"risk\":{\"maxSignalAge\":\"5s\"}}' WHERE id = 'l2'");
        gw.close();
        gw = TestGateway.start(db, CONFIG.replace("follower: f2}", "follower: f2, rules: {risk: {maxSignalAge: 5s}}}"), Map.of());
        gw.await("the stale order settled", Duration.ofSeconds(10), () ->
                db.count("SELECT count(*) FROM copy_orders WHERE id = 'stale00000000000f2' AND state = 'discarded'") == 1);
        assertEquals(0, db.count("SELECT count(*) FROM paper_orders WHERE client_order_id = 'stale00000000000f2'"));
        JsonNode skip = gw.get("/api/signals/" + entry).json().get("skips").get(0);
        assertEquals("SIGNAL_STALE", skip.get("reasonCode").asText());
        assertTrue(skip.get("reason").asText().contains("above maxSignalAge 5s"), skip.toString());
    }
}
