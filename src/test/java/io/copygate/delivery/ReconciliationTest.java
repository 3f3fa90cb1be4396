package io.copygate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.security.WebhookTokens;
import io.copygate.signal.AssetClass;
import io.copygate.signal.Fill;
import io.copygate.signal.Instrument;
import io.copygate.signal.Side;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reconciliation through the real API, routes, PostgreSQL and the paper broker. Each desk is a master whose
 * broker feed reports its fills (injected through the gateway's own {@code accountEvents}, as a feed delivers
 * them) and whose orders are copied to one paper follower through its webhook; a drift is a follower fill
 * the gateway never copied, delivered the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconciliationTest {
    private static final Map<String, String> RULES = Map.of(
            "a", "{}",
            "b", "{reconcile: {correct: true, settleSeconds: 0}}",
            "c", "{reconcile: {correct: true, onBreach: halt, settleSeconds: 0}}",
            "d", "{}",
            "e", "{reconcile: {correct: true, onBreach: halt}}",
            "g", "{reconcile: {correct: true, settleSeconds: 0}}");
    private TestDatabase db;
    private TestGateway gw;
    private AccountEvents events;

    @BeforeAll
    void start() {
        StringBuilder yaml = new StringBuilder("tenants:\n  - {id: t, name: Desk}\naccounts:\n");
        RULES.keySet().stream().sorted().forEach(d -> yaml.append(("  - {id: m%1$s, tenant: t, broker: paper, "
                + "webhookTokens: [{sha256: %2$s}]}\n  - {id: f%1$s, tenant: t, broker: paper}\n")
                .formatted(d, WebhookTokens.sha256("token-" + d))));
        // a webhook master: it reports no fills, so its followers cannot be reconciled
        yaml.append("  - {id: mw, tenant: t, broker: webhook, webhookTokens: [{sha256: ")
                .append(WebhookTokens.sha256("token-w")).append("}]}\n  - {id: fw, tenant: t, broker: paper}\nlinks:\n");
        RULES.keySet().stream().sorted().forEach(d -> yaml.append("  - {id: l%1$s, tenant: t, master: m%1$s, follower: f%1$s, rules: %2$s}\n"
                .formatted(d, RULES.get(d))));
        yaml.append("  - {id: lw, tenant: t, master: mw, follower: fw}\n");
        db = TestDatabase.postgres();
        gw = TestGateway.start(db, yaml.toString(), Map.of());
        events = gw.camel().getRegistry().lookupByNameAndType("accountEvents", AccountEvents.class);
    }

    @AfterAll
    void stop() {
        gw.close();
        db.close();
    }

    /** The master buys 2 NQ: its order is copied to the follower and its own fill comes back from its feed. */
    private String masterBuysTwo(String desk) {
        TestGateway.Reply r = gw.post("/webhooks/tradingview/token-" + desk, "{\"ticker\":\"NQ1!\",\"action\":\"buy\","
                + "\"quantity\":2,\"price\":20000,\"id\":\"" + UUID.randomUUID() + "\"}", "application/json");
        assertEquals(202, r.status(), r.body());
        String follower = "f" + desk;
        gw.await(follower + " long 2", Duration.ofSeconds(10), () -> position(follower).compareTo(new BigDecimal("2")) == 0);
        String symbol = (String) db.rows("SELECT symbol FROM positions WHERE account_id = ?", follower).get(0).get("symbol");
        fill("m" + desk, symbol, Side.BUY, "2");
        return symbol;
    }

    private void fill(String account, String symbol, Side side, String qty) {
        events.onFill(new Fill(account, UUID.randomUUID().toString(), "manual-" + UUID.randomUUID(), "manual", Instrument.parse(symbol,
                AssetClass.FUTURE), side, new BigDecimal(qty), new BigDecimal("20000"), BigDecimal.ZERO, Instant.now()));
    }

    private BigDecimal position(String account) {
        return ((BigDecimal) db.rows("SELECT COALESCE(SUM(quantity), 0) AS q FROM positions WHERE account_id = ?", account)
                .get(0).get("q")).stripTrailingZeros();
    }

    private JsonNode run(String body) {
        TestGateway.Reply r = gw.post("/api/reconciliations", body, Map.of("Content-Type", "application/json",
                "X-Copygate-Actor", "ops-desk"));
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    /** The one result of a run for a link (each desk trades one instrument). */
    private JsonNode result(JsonNode run, String link) {
        JsonNode only = null;
        for (JsonNode r : run.get("results")) {
            if (r.get("link").asText().equals(link)) {
                assertEquals(null, only, "one result per link here: " + run);
                only = r;
            }
        }
        assertTrue(only != null, "no result for " + link + ": " + run);
        return only;
    }

    private long reconciliationOrders(String follower) {
        return db.count("SELECT count(*) FROM copy_orders o JOIN signals s ON s.id = o.signal_id "
                + "WHERE o.follower_account_id = ? AND s.source = 'reconciliation'", follower);
    }

    @Test
    void withoutCorrectionEveryDriftIsClassifiedAndReportedAndNothingIsPlaced() {
        String symbol = masterBuysTwo("a");
        JsonNode matched = result(run("{\"link\":\"la\"}"), "la");
        assertEquals("matched", matched.get("classification").asText(), matched.toString());
        assertEquals(0, new BigDecimal("2").compareTo(matched.get("expected").decimalValue()));

        fill("fa", symbol, Side.BUY, "1"); // the follower's own extra buy, never copied
        JsonNode over = result(run("{\"link\":\"la\"}"), "la");
        assertEquals("duplicate", over.get("classification").asText(), over.toString());
        assertEquals(0, new BigDecimal("3").compareTo(over.get("actual").decimalValue()));
        assertEquals("none", over.get("action").asText());

        fill("fa", symbol, Side.SELL, "2");
        assertEquals("mismatched", result(run("{\"link\":\"la\"}"), "la").get("classification").asText());
        fill("fa", symbol, Side.SELL, "1");
        assertEquals("missing", result(run("{\"account\":\"fa\"}"), "la").get("classification").asText());
        fill("fa", symbol, Side.SELL, "1");
        JsonNode reversed = result(run("{\"link\":\"la\"}"), "la");
        assertEquals("mismatched", reversed.get("classification").asText(), "short while the master is long");

        assertEquals(0, reconciliationOrders("fa"), "report only: no corrective order");
        assertEquals(0, db.count("SELECT count(*) FROM kill_switches"));
        // the run is persisted and read back as it was answered
        long id = db.count("SELECT max(id) FROM reconciliation_runs");
        JsonNode stored = gw.get("/api/reconciliations/" + id).json();
        assertEquals("api", stored.get("trigger").asText());
        assertEquals("ops-desk", stored.get("actor").asText());
        assertEquals("mismatched", result(stored, "la").get("classification").asText());
        assertTrue(db.count("SELECT count(*) FROM audit_log WHERE action = 'reconciliation.run' AND actor = 'ops-desk'") >= 5);
    }

    @Test
    void aDriftIsCorrectedExactlyOnceAndThenMatches() {
        String symbol = masterBuysTwo("b");
        fill("fb", symbol, Side.SELL, "1"); // the follower was partly closed behind the gateway's back
        long paperOrdersBefore = db.count("SELECT count(*) FROM paper_orders WHERE account_id = 'fb'");

        JsonNode first = result(run("{\"link\":\"lb\"}"), "lb");
        assertEquals("mismatched", first.get("classification").asText(), first.toString());
        assertEquals("corrected", first.get("action").asText());
        String signalId = first.get("signalId").asText();
        // repeated at once: the correction is in flight or already filled; either way no second one
        JsonNode second = result(run("{\"link\":\"lb\"}"), "lb");
        assertEquals("matched", second.get("classification").asText(), second.toString());
        assertEquals("none", second.get("action").asText());

        gw.await("fb back to 2", Duration.ofSeconds(10), () -> position("fb").compareTo(new BigDecimal("2")) == 0);
        JsonNode third = result(run("{\"link\":\"lb\"}"), "lb");
        assertEquals("matched", third.get("classification").asText());
        assertEquals(1, reconciliationOrders("fb"), "exactly one corrective order");
        assertEquals(paperOrdersBefore + 1, db.count("SELECT count(*) FROM paper_orders WHERE account_id = 'fb'"),
                "exactly one order reached the paper broker");
        JsonNode signal = gw.get("/api/signals/" + signalId).json();
        assertEquals("reconciliation", signal.get("source").asText());
        assertEquals(1, db.count("SELECT count(*) FROM copy_orders WHERE signal_id = ? AND side = 'BUY' AND quantity = 1 "
                + "AND order_type = 'MARKET' AND state = 'acked'", signalId));
        assertEquals(1, db.count("SELECT count(*) FROM audit_log WHERE action = 'reconciliation.correct' AND subject = 'link:lb'"));
    }

    @Test
    void aBreachHaltsTheLinkWithItsKillSwitchAndFlattens() {
        String symbol = masterBuysTwo("c");
        fill("fc", symbol, Side.BUY, "3");
        JsonNode r = result(run("{\"link\":\"lc\"}"), "lc");
        assertEquals("duplicate", r.get("classification").asText(), r.toString());
        assertEquals("halted", r.get("action").asText(), "halt wins over correct");
        assertEquals(1, db.count("SELECT count(*) FROM kill_switches WHERE scope = 'link' AND subject = 'lc' AND released_at IS NULL"));
        gw.await("fc flat", Duration.ofSeconds(10), () -> position("fc").signum() == 0);
        assertEquals(0, reconciliationOrders("fc"), "halted, not corrected");
        // while the switch is engaged, later runs report and do nothing
        JsonNode later = result(run("{\"link\":\"lc\"}"), "lc");
        assertEquals("none", later.get("action").asText(), later.toString());
        assertEquals(1, db.count("SELECT count(*) FROM kill_switches WHERE subject = 'lc'"));
    }

    @Test
    void aDriftIsNotActedOnWhilePositionsAreSettlingOrALimitCopyStillWorks() {
        String symbol = masterBuysTwo("e"); // settleSeconds defaults to 10
        fill("fe", symbol, Side.SELL, "2");
        JsonNode settling = result(run("{\"link\":\"le\"}"), "le");
        assertEquals("missing", settling.get("classification").asText(), settling.toString());
        assertEquals("none", settling.get("action").asText());
        assertTrue(settling.get("detail").asText().contains("settleSeconds 10"), settling.toString());
        assertEquals(0, db.count("SELECT count(*) FROM kill_switches WHERE subject = 'le'"), "no halt on a drift still settling");

        symbol = masterBuysTwo("g");
        TestGateway.Reply limit = gw.post("/webhooks/tradingview/token-g", "{\"ticker\":\"NQ1!\",\"action\":\"buy\","
                + "\"orderType\":\"limit\",\"limitPrice\":100,\"quantity\":1,\"price\":20000,\"id\":\"" + UUID.randomUUID()
                + "\"}", "application/json");
        assertEquals(202, limit.status(), limit.body());
        gw.await("the limit copy works at the broker", Duration.ofSeconds(10), () -> db.count("SELECT count(*) FROM paper_orders "
                + "WHERE account_id = 'fg' AND status = 'working'") == 1);
        fill("fg", symbol, Side.SELL, "1");
        JsonNode working = result(run("{\"link\":\"lg\"}"), "lg");
        assertEquals("mismatched", working.get("classification").asText(), working.toString());
        assertEquals(1, working.get("workingOrders").asInt());
        assertEquals("none", working.get("action").asText(), "the working limit copy may still fill");
        assertEquals(0, reconciliationOrders("fe") + reconciliationOrders("fg"));
    }

    @Test
    void aWebhookMastersLinkIsAnErrorAndAnUnreadablePositionIsNeverCorrected() {
        JsonNode r = result(run("{\"link\":\"lw\"}"), "lw");
        assertEquals("error", r.get("classification").asText());
        assertTrue(r.get("detail").asText().contains("webhook"), r.toString());
    }

    @Test
    void badRequestsAndUnknownIds() {
        long runsBefore = db.count("SELECT count(*) FROM reconciliation_runs");
        TestGateway.Reply unknownLink = gw.post("/api/reconciliations", "{\"link\":\"nope\"}", "application/json");
        assertEquals(404, unknownLink.status());
        assertEquals("link", unknownLink.json().get("field").asText());
        assertEquals(404, gw.post("/api/reconciliations", "{\"account\":\"nobody\"}", "application/json").status());
        TestGateway.Reply typo = gw.post("/api/reconciliations", "{\"lnk\":\"ld\"}", "application/json");
        assertEquals(400, typo.status());
        assertEquals("lnk", typo.json().get("field").asText());
        assertEquals(400, gw.post("/api/reconciliations", "[1]", "application/json").status());
        assertEquals(400, gw.post("/api/reconciliations", "{not json", "application/json").status());
        assertEquals(runsBefore, db.count("SELECT count(*) FROM reconciliation_runs"), "a refused request writes nothing");
        TestGateway.Reply missing = gw.get("/api/reconciliations/999999");
        assertEquals(404, missing.status());
        assertEquals("id", missing.json().get("field").asText());
        assertEquals(404, gw.get("/api/reconciliations/abc").status());
        // an empty body runs every active link; the list shows it
        JsonNode all = run("");
        java.util.Set<String> links = new java.util.TreeSet<>();
        all.get("results").forEach(r -> links.add(r.get("link").asText()));
        assertEquals(java.util.Set.of("la", "lb", "lc", "ld", "le", "lg", "lw"), links, "every active link, one untraded (ld) included");
        assertEquals(all.get("id").asLong(), gw.get("/api/reconciliations?limit=1").json().get(0).get("id").asLong());
    }
}
