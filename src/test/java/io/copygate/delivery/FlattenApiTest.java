package io.copygate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * POST /api/flatten through the real API, routes, PostgreSQL and the paper broker: cancels and closes
 * in an account (optionally one instrument), an instrument everywhere, or a tenant; copying goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlattenApiTest {
    private TestDatabase db;
    private TestGateway gw;

    @BeforeAll
    void start() {
        StringBuilder yaml = new StringBuilder("tenants:\n  - {id: ta, name: A}\n  - {id: tb, name: B}\n  - {id: tc, name: C}\naccounts:\n");
        for (String d : List.of("a", "b", "c")) {
            yaml.append(("  - {id: m%1$s, tenant: t%1$s, broker: webhook, webhookTokens: [{sha256: %2$s}]}\n"
                    + "  - {id: %1$s1, tenant: t%1$s, broker: paper}\n  - {id: %1$s2, tenant: t%1$s, broker: paper}\n")
                    .formatted(d, WebhookTokens.sha256("token-" + d)));
        }
        yaml.append("links:\n");
        for (String d : List.of("a", "b", "c")) {
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

    private TestGateway.Reply flatten(String body) {
        return gw.post("/api/flatten", body, Map.of("Content-Type", "application/json", "X-Copygate-Actor", "ops"));
    }

    private BigDecimal position(String account, String root) {
        return ((BigDecimal) db.rows("SELECT COALESCE(SUM(quantity), 0) AS q FROM positions WHERE account_id = ? AND symbol LIKE ?",
                account, root + "%").get(0).get("q")).stripTrailingZeros();
    }

    private long working(String account, String root) {
        return db.count("SELECT count(*) FROM paper_orders WHERE account_id = ? AND symbol LIKE ? AND status IN ('working', 'pending')",
                account, root + "%");
    }

    /** Both followers of the desk long 2 ES with a working ES limit, and long 1 YM. */
    private void open(String desk) {
        signal(desk, "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":2,\"price\":6000}");
        signal(desk, "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"orderType\":\"limit\",\"limitPrice\":100,\"quantity\":1,\"price\":6000}");
        signal(desk, "{\"ticker\":\"YM1!\",\"action\":\"buy\",\"quantity\":1,\"price\":44000}");
        for (String f : List.of(desk + "1", desk + "2")) {
            assertEquals(0, new BigDecimal("2").compareTo(position(f, "ES")));
            assertEquals(1, working(f, "ES"));
        }
    }

    @Test
    void anAccountsInstrumentIsCancelledAndClosedAndCopyingGoesOn() {
        open("a");
        TestGateway.Reply r = flatten("{\"scope\":\"account\",\"subject\":\"a1\",\"instrument\":\"ES1!\"}");
        assertEquals(202, r.status(), r.body());
        String id = r.json().get("signalId").asText();
        assertEquals(2, r.json().get("orders").size(), r.body());
        awaitDelivered(id);
        gw.await("a1 flat in ES", Duration.ofSeconds(5), () -> position("a1", "ES").signum() == 0);
        assertEquals(0, working("a1", "ES"), "the working ES limit was cancelled");
        assertEquals(0, BigDecimal.ONE.compareTo(position("a1", "YM")), "the other instrument is untouched");
        assertEquals(0, new BigDecimal("2").compareTo(position("a2", "ES")), "the other account is untouched");
        JsonNode journaled = gw.get("/api/signals/" + id).json();
        assertEquals("flatten", journaled.get("source").asText());
        assertEquals("FLATTEN", journaled.get("kind").asText());
        assertEquals(1, db.count("SELECT count(*) FROM audit_log WHERE action = 'flatten' AND actor = 'ops' AND subject LIKE 'account:a1 in ES%'"));
        assertEquals(0, db.count("SELECT count(*) FROM kill_switches"), "a flatten engages no kill switch");

        // copying goes on: the next entry reaches a1
        String next = signal("a", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":1,\"price\":6001}");
        assertEquals(1, db.count("SELECT count(*) FROM copy_orders WHERE signal_id = ? AND follower_account_id = 'a1' AND state = 'acked'", next));
        gw.await("a1 long 1 ES again", Duration.ofSeconds(5), () -> position("a1", "ES").compareTo(BigDecimal.ONE) == 0);
    }

    @Test
    void aTenantIsFlattenedEverywhereAndOtherTenantsAreNot() {
        open("b");
        TestGateway.Reply r = flatten("{\"scope\":\"tenant\",\"subject\":\"tb\"}");
        assertEquals(202, r.status(), r.body());
        awaitDelivered(r.json().get("signalId").asText());
        for (String f : List.of("b1", "b2")) {
            gw.await(f + " flat", Duration.ofSeconds(5), () -> position(f, "ES").signum() == 0 && position(f, "YM").signum() == 0);
            assertEquals(0, working(f, "ES"));
        }
        // nothing left: a second flatten records a skip per account and places nothing
        TestGateway.Reply again = flatten("{\"scope\":\"tenant\",\"subject\":\"tb\"}");
        assertEquals(202, again.status(), again.body());
        assertEquals(0, again.json().get("orders").size());
        JsonNode skips = gw.get("/api/signals/" + again.json().get("signalId").asText()).json().get("skips");
        assertEquals(2, skips.size(), skips.toString());
        assertEquals("NO_POSITION", skips.get(0).get("reasonCode").asText());
    }

    @Test
    void anInstrumentIsClosedInEveryFollowerAccount() {
        open("c");
        TestGateway.Reply r = flatten("{\"scope\":\"instrument\",\"subject\":\"YM1!\"}");
        assertEquals(202, r.status(), r.body());
        awaitDelivered(r.json().get("signalId").asText());
        for (String f : List.of("c1", "c2")) {
            gw.await(f + " flat in YM", Duration.ofSeconds(5), () -> position(f, "YM").signum() == 0);
            assertEquals(0, new BigDecimal("2").compareTo(position(f, "ES")), "ES stays");
        }
    }

    @Test
    void badRequestsNameTheFieldAndChangeNothing() {
        long signals = db.count("SELECT count(*) FROM signals WHERE source = 'flatten'");
        Map<String, String[]> cases = Map.of(
                "{\"scope\":\"galaxy\",\"subject\":\"a1\"}", new String[] {"400", "scope"},
                "{\"scope\":\"account\"}", new String[] {"400", "subject"},
                "{\"scope\":\"account\",\"subject\":\"nobody\"}", new String[] {"404", "subject"},
                "{\"scope\":\"tenant\",\"subject\":\"t-none\"}", new String[] {"404", "subject"},
                "{\"scope\":\"account\",\"subject\":\"a1\",\"instrument\":\"ES@@1\"}", new String[] {"400", "instrument"},
                "{\"scope\":\"instrument\",\"subject\":\"ZZ1!\"}", new String[] {"400", "subject"},
                "{\"scope\":\"account\",\"subject\":\"a1\",\"flatten\":true}", new String[] {"400", "flatten"},
                "{\"scope\":\"account\",\"subject\":7}", new String[] {"400", "subject"});
        cases.forEach((body, expected) -> {
            TestGateway.Reply r = flatten(body);
            assertEquals(Integer.parseInt(expected[0]), r.status(), body + " → " + r.body());
            assertEquals(expected[1], r.json().get("field").asText(), body + " → " + r.body());
            assertTrue(!r.json().get("error").asText().isBlank());
        });
        TestGateway.Reply malformed = flatten("{not json");
        assertEquals(400, malformed.status(), malformed.body());
        assertEquals(signals, db.count("SELECT count(*) FROM signals WHERE source = 'flatten'"), "nothing was journaled");
    }
}
