package io.copygate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.security.WebhookTokens;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Orders a crash left journaled but unsent are checked again when recovery delivers them after the
 * restart: one under a kill switch engaged meanwhile, one whose signal has aged past maxSignalAge.
 */
class DeliveryHoldBackTest {
    private static final String CONFIG = """
            tenants:
              - {id: t1, name: Desk}
            accounts:
              - {id: master, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
              - {id: f1, tenant: t1, broker: paper}
              - {id: f2, tenant: t1, broker: paper}
            links:
              - {id: l1, tenant: t1, master: master, follower: f1}
              - {id: l2, tenant: t1, master: master, follower: f2, rules: {risk: {maxSignalAge: 5s}}}
            """.formatted(WebhookTokens.sha256("hold-token"));

    /** Copies of the signal's order for {@code account} as a second, unsent order {@code id}, its signal older by {@code age}. */
    private static void leaveUnsent(TestDatabase db, String signalId, String account, String id, String age) {
        db.execute("INSERT INTO copy_orders (id, signal_id, link_id, tenant_id, follower_account_id, broker, intent, symbol, "
                + "asset_class, side, quantity, order_type, time_in_force, state, received_at, planned_at, updated_at) "
                + "SELECT ?, signal_id, link_id, tenant_id, follower_account_id, broker, intent, symbol, asset_class, side, "
                + "quantity, order_type, time_in_force, 'planned', received_at - CAST(? AS INTERVAL), planned_at, updated_at "
                + "FROM copy_orders WHERE follower_account_id = ? AND signal_id = ?", id, age, account, signalId);
    }

    @Test
    void recoveryHoldsBackOrdersUnderAKillSwitchAndEntriesWhoseSignalWentStale() {
        try (TestDatabase db = TestDatabase.postgres()) {
            String entry;
            try (TestGateway gw = TestGateway.start(db, CONFIG, Map.of())) {
                TestGateway.Reply r = gw.post("/webhooks/tradingview/hold-token", "{\"ticker\":\"NQ1!\",\"action\":\"buy\","
                        + "\"quantity\":1,\"price\":20000,\"id\":\"" + UUID.randomUUID() + "\"}", "application/json");
                assertEquals(202, r.status(), r.body());
                entry = r.json().get("signalId").asText();
                gw.await("delivered", Duration.ofSeconds(10), () -> db.count("SELECT count(*) FROM copy_orders WHERE signal_id = ? "
                        + "AND state = 'acked'", entry) == 2);
                leaveUnsent(db, entry, "f1", "unsent0000000000f1", "0 seconds");
                leaveUnsent(db, entry, "f2", "stale00000000000f2", "1 minute");
                assertEquals(201, gw.post("/api/kill-switches", "{\"scope\":\"account\",\"id\":\"f1\",\"reason\":\"halt\","
                        + "\"flatten\":false}", "application/json").status());
            }
            try (TestGateway gw = TestGateway.start(db, CONFIG, Map.of())) {   // recovery resumes both
                gw.await("both settled", Duration.ofSeconds(10), () -> db.count("SELECT count(*) FROM copy_orders WHERE id IN "
                        + "('unsent0000000000f1', 'stale00000000000f2') AND state = 'discarded'") == 2);
                assertEquals(0, db.count("SELECT count(*) FROM paper_orders WHERE client_order_id IN "
                        + "('unsent0000000000f1', 'stale00000000000f2')"));
                Map<String, String> skips = new java.util.TreeMap<>();
                JsonNode signal = gw.get("/api/signals/" + entry).json();
                signal.get("skips").forEach(s -> skips.put(s.get("followerAccount").asText(),
                        s.get("reasonCode").asText() + ": " + s.get("reason").asText()));
                assertTrue(skips.get("f1").startsWith("KILL_SWITCH: copy order unsent0000000000f1 held back at delivery"), skips.toString());
                assertTrue(skips.get("f2").startsWith("SIGNAL_STALE: copy order stale00000000000f2 held back at delivery")
                        && skips.get("f2").contains("above maxSignalAge 5s"), skips.toString());
            }
        }
    }
}
