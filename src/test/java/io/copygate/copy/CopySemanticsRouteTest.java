package io.copygate.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.security.WebhookTokens;
import io.copygate.signal.CopyOrderId;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sizing by notional and percent of equity, close-then-open reversals and position targets through the
 * real routes, PostgreSQL and the paper broker. Each test has its own master; its paper followers'
 * links carry the rules under test. Outcomes are read from copy_orders, GET /api/signals/{id} and the
 * followers' positions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopySemanticsRouteTest {
    private TestDatabase db;
    private TestGateway gw;

    @BeforeAll
    void start() {
        String yaml = """
                tenants:
                  - {id: t1, name: Semantics desk}
                  - {id: t2, name: Capped desk, risk: {maxOrderQuantity: 2, maxPosition: 5}}
                accounts:
                  - {id: m-tenant, tenant: t2, broker: webhook, webhookTokens: [{sha256: %s}]}
                  - {id: f-ten-a, tenant: t2, broker: paper}
                  - {id: f-ten-b, tenant: t2, broker: paper, risk: {maxPosition: 3}}
                  - {id: m-size, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
                  - {id: m-rev, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
                  - {id: m-target, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
                  - {id: m-roll, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
                  - {id: f-roll, tenant: t1, broker: paper}
                  - {id: f-notional, tenant: t1, broker: paper}
                  - {id: f-notional-min, tenant: t1, broker: paper}
                  - {id: f-pct, tenant: t1, broker: paper, settings: {equity: "1000000"}}
                  - {id: f-pct-small, tenant: t1, broker: paper, settings: {equity: "20000"}}
                  - {id: f-pct-unknown, tenant: t1, broker: paper}
                  - {id: f-rev, tenant: t1, broker: paper}
                  - {id: f-rev-capped, tenant: t1, broker: paper}
                  - {id: f-rev-late, tenant: t1, broker: paper}
                  - {id: f-t-double, tenant: t1, broker: paper}
                  - {id: f-t-micro, tenant: t1, broker: paper}
                  - {id: f-t-reverse, tenant: t1, broker: paper}
                  - {id: f-t-capped, tenant: t1, broker: paper}
                links:
                  - {id: l-notional, tenant: t1, master: m-size, follower: f-notional, rules: {sizing: {mode: notional, amount: 700000}}}
                  - {id: l-notional-min, tenant: t1, master: m-size, follower: f-notional-min, rules: {sizing: {mode: notional, amount: 100000}, minQuantity: 1}}
                  - {id: l-pct, tenant: t1, master: m-size, follower: f-pct, rules: {sizing: {mode: percentOfEquity, percent: 30}}}
                  - {id: l-pct-small, tenant: t1, master: m-size, follower: f-pct-small, rules: {sizing: {mode: percentOfEquity, percent: 10}}}
                  - {id: l-pct-unknown, tenant: t1, master: m-size, follower: f-pct-unknown, rules: {sizing: {mode: percentOfEquity, percent: 10}}}
                  - {id: l-rev, tenant: t1, master: m-rev, follower: f-rev}
                  - {id: l-rev-capped, tenant: t1, master: m-rev, follower: f-rev-capped, rules: {risk: {maxPosition: 2}}}
                  - {id: l-rev-late, tenant: t1, master: m-rev, follower: f-rev-late, rules: {minQuantity: 3}}
                  - {id: l-t-double, tenant: t1, master: m-target, follower: f-t-double, rules: {multiplier: 2}}
                  - {id: l-t-micro, tenant: t1, master: m-target, follower: f-t-micro, rules: {mapInstrument: {ES: MES}}}
                  - {id: l-t-reverse, tenant: t1, master: m-target, follower: f-t-reverse, rules: {reverse: true}}
                  - {id: l-t-capped, tenant: t1, master: m-target, follower: f-t-capped, rules: {risk: {maxPosition: 3}}}
                  - {id: l-roll, tenant: t1, master: m-roll, follower: f-roll}
                  - {id: l-ten-a, tenant: t2, master: m-tenant, follower: f-ten-a, rules: {risk: {maxOrderQuantity: 3}}}
                  - {id: l-ten-b, tenant: t2, master: m-tenant, follower: f-ten-b}
                """.formatted(WebhookTokens.sha256("token-tenant"), WebhookTokens.sha256("token-size"), WebhookTokens.sha256("token-rev"),
                WebhookTokens.sha256("token-target"), WebhookTokens.sha256("token-roll"));
        db = TestDatabase.postgres();
        gw = TestGateway.start(db, yaml, Map.of());
    }

    @AfterAll
    void stop() {
        gw.close();
        db.close();
    }

    private String signal(String master, String body) {
        boolean ati = !body.startsWith("{");
        TestGateway.Reply r = gw.post("/webhooks/tradingview/token-" + master,
                ati ? body + " id=" + UUID.randomUUID() + ";" : body.replace("}", ",\"id\":\"" + UUID.randomUUID() + "\"}"),
                ati ? "text/plain" : "application/json");
        assertEquals(202, r.status(), r.body());
        String id = r.json().get("signalId").asText();
        db.awaitDelivered(id);
        return id;
    }

    /**
     * The follower's orders of a signal as "SIDE qty", the position-aware close of a reversal (its own
     * order, id part "close") first as "close SIDE qty".
     */
    private List<String> orders(String signalId, String follower) {
        List<String> out = new ArrayList<>();
        JsonNode s = gw.get("/api/signals/" + signalId).json();
        String closeId = CopyOrderId.of(signalId, follower, "close");
        for (JsonNode o : s.get("orders")) {
            if (o.get("followerAccount").asText().equals(follower)) {
                String text = o.get("side").asText() + " " + new BigDecimal(o.get("quantity").asText()).stripTrailingZeros().toPlainString();
                if (o.get("id").asText().equals(closeId)) {
                    out.add(0, "close " + text);
                } else {
                    out.add(text);
                }
            }
        }
        return out;
    }

    private JsonNode skip(String signalId, String follower) {
        for (JsonNode k : gw.get("/api/signals/" + signalId).json().get("skips")) {
            if (k.get("followerAccount").asText().equals(follower)) {
                return k;
            }
        }
        throw new AssertionError("no skip for " + follower + " in " + gw.get("/api/signals/" + signalId).body());
    }

    private BigDecimal position(String account) {
        Object q = db.rows("SELECT COALESCE(SUM(quantity), 0) AS q FROM positions WHERE account_id = ?", account).get(0).get("q");
        return ((BigDecimal) q).stripTrailingZeros();
    }

    private BigDecimal positionIn(String account, String symbol) {
        Object q = db.rows("SELECT COALESCE(SUM(quantity), 0) AS q FROM positions WHERE account_id = ? AND symbol = ?", account, symbol)
                .get(0).get("q");
        return ((BigDecimal) q).stripTrailingZeros();
    }

    private void awaitPosition(String account, String expected) {
        gw.await(account + " holds " + expected, Duration.ofSeconds(10),
                () -> position(account).compareTo(new BigDecimal(expected)) == 0);
    }

    @Test
    void notionalAndPercentOfEquitySizeFromMoneyAndPriceWithRecordedSkips() {
        // ES at 6000 × point value 50 = 300,000 a contract
        String id = signal("size", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":7,\"price\":6000}");
        assertEquals(List.of("BUY 2"), orders(id, "f-notional"), "700,000 / 300,000 = 2.33 → 2, whatever the master's 7");
        JsonNode min = skip(id, "f-notional-min");
        assertEquals("QUANTITY_BELOW_MIN", min.get("reasonCode").asText());
        assertTrue(min.get("reason").asText().contains("notional 100000 / (price 6000 × point value 50) = 0.333333333333"),
                min.toString());
        assertEquals(List.of("BUY 1"), orders(id, "f-pct"), "1,000,000 × 30 % / 300,000 = 1");
        JsonNode small = skip(id, "f-pct-small");
        assertEquals("QUANTITY_ZERO", small.get("reasonCode").asText());
        assertTrue(small.get("reason").asText().contains("equity 20000 × 10 % / (price 6000 × point value 50)"), small.toString());
        JsonNode unknown = skip(id, "f-pct-unknown");
        assertEquals("EQUITY_UNKNOWN", unknown.get("reasonCode").asText());
        assertTrue(unknown.get("reason").asText().contains("f-pct-unknown"), unknown.toString());
        awaitPosition("f-notional", "2");
        awaitPosition("f-pct", "1");

        // a limit order is valued at its limit; no price at all is a recorded skip
        String limit = signal("size", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"orderType\":\"limit\",\"limitPrice\":3500,\"quantity\":1}");
        assertEquals(List.of("BUY 4"), orders(limit, "f-notional"), "700,000 / (3500 × 50) = 4");
        String noPrice = signal("size", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":1}");
        assertEquals("NO_PRICE", skip(noPrice, "f-notional").get("reasonCode").asText());
        assertEquals("NO_PRICE", skip(noPrice, "f-pct").get("reasonCode").asText());
    }

    @Test
    void aReversingSignalClosesThenOpensAndTheGuardsJudgeTheTwoApart() {
        signal("rev", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"sentiment\":\"long\",\"quantity\":2,\"price\":6000}");
        awaitPosition("f-rev", "2");
        awaitPosition("f-rev-capped", "2");
        assertEquals(0, position("f-rev-late").signum(), "minQuantity 3 skipped the entry of 2");

        // long 2, then the master goes short 2: a sell with sentiment short
        String id = signal("rev", "{\"ticker\":\"ES1!\",\"action\":\"sell\",\"sentiment\":\"short\",\"quantity\":3,\"price\":6010}");
        assertEquals(List.of("close SELL 2", "SELL 3"), orders(id, "f-rev"), "close the long 2, then open short 3");
        awaitPosition("f-rev", "-3");
        // maxPosition 2: the close passes (an exit), the open of 3 is an entry from flat and is blocked
        assertEquals(List.of("close SELL 2"), orders(id, "f-rev-capped"));
        JsonNode blocked = skip(id, "f-rev-capped");
        assertEquals("MAX_POSITION", blocked.get("reasonCode").asText());
        assertTrue(blocked.get("reason").asText().contains("from 0 to -3"), blocked.toString());
        awaitPosition("f-rev-capped", "0");
        // a follower that holds nothing just gets the opening order
        assertEquals(List.of("SELL 3"), orders(id, "f-rev-late"));
        awaitPosition("f-rev-late", "-3");

        // without a sentiment a sell is copied as it is: a partial exit stays one
        String partial = signal("rev", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":1,\"price\":6005}");
        assertEquals(List.of("BUY 1"), orders(partial, "f-rev"));
        awaitPosition("f-rev", "-2");
    }

    @Test
    void positionSizeTargetsDriveEachFollowerToItsScaledTarget() {
        // TradingView strategy alert: the master's signed position after the order
        String up = signal("target", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":2,\"position_size\":2,\"price\":6000}");
        assertEquals("POSITION_TARGET", gw.get("/api/signals/" + up).json().get("kind").asText());
        assertEquals(List.of("BUY 4"), orders(up, "f-t-double"));
        assertEquals(List.of("BUY 20"), orders(up, "f-t-micro"), "ES → MES ×10");
        assertEquals(List.of("SELL 2"), orders(up, "f-t-reverse"));
        assertEquals(List.of("BUY 2"), orders(up, "f-t-capped"));
        awaitPosition("f-t-double", "4");
        awaitPosition("f-t-micro", "20");
        awaitPosition("f-t-reverse", "-2");
        awaitPosition("f-t-capped", "2");

        // long 2, sell 3 → short 1: each follower closes, then opens its scaled short
        String flip = signal("target", "{\"ticker\":\"ES1!\",\"action\":\"sell\",\"quantity\":3,\"position_size\":-1,\"price\":6010}");
        assertEquals(List.of("close SELL 4", "SELL 2"), orders(flip, "f-t-double"));
        assertEquals(List.of("close SELL 20", "SELL 10"), orders(flip, "f-t-micro"));
        assertEquals(List.of("close BUY 2", "BUY 1"), orders(flip, "f-t-reverse"));
        assertEquals(List.of("close SELL 2", "SELL 1"), orders(flip, "f-t-capped"));
        awaitPosition("f-t-double", "-2");
        awaitPosition("f-t-micro", "-10");
        awaitPosition("f-t-reverse", "1");
        awaitPosition("f-t-capped", "-1");

        // short 4: the capped follower's addition would pass maxPosition 3 and is blocked; the others follow
        String more = signal("target", "{\"ticker\":\"ES1!\",\"action\":\"sell\",\"quantity\":3,\"position_size\":-4,\"price\":6020}");
        assertEquals(List.of("SELL 6"), orders(more, "f-t-double"));
        assertEquals("MAX_POSITION", skip(more, "f-t-capped").get("reasonCode").asText());
        awaitPosition("f-t-double", "-8");
        assertEquals(0, position("f-t-capped").compareTo(new BigDecimal("-1")));

        // the same target again: nothing to do
        String same = signal("target", "{\"ticker\":\"ES1!\",\"action\":\"sell\",\"quantity\":0,\"position_size\":-4,\"price\":6020}");
        assertEquals("AT_TARGET", skip(same, "f-t-double").get("reasonCode").asText());

        // flat: everyone out, the blocked one included (an exit passes every guard)
        String flat = signal("target", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"sentiment\":\"flat\",\"price\":6000}");
        assertEquals(List.of("BUY 8"), orders(flat, "f-t-double"));
        assertEquals(List.of("BUY 1"), orders(flat, "f-t-capped"));
        for (String f : List.of("f-t-double", "f-t-micro", "f-t-reverse", "f-t-capped")) {
            awaitPosition(f, "0");
        }
    }

    private List<Map<String, Object>> paperOrders(String symbol) {
        return db.rows("SELECT status, limit_price FROM paper_orders WHERE account_id = 'f-roll' AND symbol = ? ORDER BY created_at",
                symbol);
    }

    /** The front contract ES1! means today, and the one it meant before its last roll. */
    private String[] frontAndPrevious() {
        String front = gw.get("/api/signals/" + signal("roll", "{\"ticker\":\"ES1!\",\"action\":\"cancel\"}")).json()
                .get("instrument").asText();
        java.time.YearMonth month = java.time.YearMonth.of(2000 + Integer.parseInt(front.substring(3)),
                io.copygate.signal.MonthCode.month(front.charAt(2)));
        java.time.YearMonth previous = month.minusMonths(3);
        return new String[] {front, io.copygate.signal.Instrument.future("ES", previous).symbol(),
                "ES " + String.format("%02d-%02d", previous.getMonthValue(), previous.getYear() % 100)};
    }

    @Test
    void copiesOnTheContractBeforeTheRollAreReachedByTheMastersCancelAndChange() {
        String[] c = frontAndPrevious();
        String front = c[0];
        String old = c[1];
        String oldAti = c[2];
        // a limit copied while ES1! still meant the old contract (placed on it explicitly here)
        signal("roll", "command=PLACE; instrument=" + oldAti + "; action=BUY; qty=1; order_type=LIMIT; limit_price=100; order_id=R1;");
        assertEquals("working", paperOrders(old).get(0).get("status"));

        // after the roll the master changes and cancels it naming the new front month: its copy is found by the reference
        String change = signal("roll", "command=CHANGE; instrument=ES1!; limit_price=101; order_id=R1;");
        assertEquals(front, gw.get("/api/signals/" + change).json().get("instrument").asText());
        assertEquals(0, gw.get("/api/signals/" + change).json().get("skips").size(), gw.get("/api/signals/" + change).body());
        gw.await("the old contract's copy moved to 101", Duration.ofSeconds(5),
                () -> new BigDecimal("101").compareTo((BigDecimal) paperOrders(old).get(0).get("limit_price")) == 0);
        String cancel = signal("roll", "command=CANCEL; instrument=ES1!; order_id=R1;");
        JsonNode cancelled = gw.get("/api/signals/" + cancel).json();
        assertEquals(1, cancelled.get("orders").size(), cancelled.toString());
        assertEquals(old, cancelled.get("orders").get(0).get("instrument").asText(), "the cancel goes to the contract the copy is on");
        gw.await("the old contract's copy cancelled", Duration.ofSeconds(5),
                () -> "cancelled".equals(paperOrders(old).get(0).get("status")));

        // without a reference: a cancel on the continuous symbol reaches copies on the contract it meant before the roll,
        // a cancel naming the new contract explicitly does not
        signal("roll", "command=PLACE; instrument=" + oldAti + "; action=BUY; qty=1; order_type=LIMIT; limit_price=100;");
        String explicit = signal("roll", "{\"ticker\":\"" + front + "\",\"action\":\"cancel\"}");
        assertEquals("NO_WORKING_ORDER", skip(explicit, "f-roll").get("reasonCode").asText());
        assertEquals("working", paperOrders(old).get(1).get("status"));
        String continuous = signal("roll", "{\"ticker\":\"ES1!\",\"action\":\"cancel\"}");
        assertEquals(List.of("BUY 1"), orders(continuous, "f-roll"));
        gw.await("the second old-contract copy cancelled", Duration.ofSeconds(5),
                () -> "cancelled".equals(paperOrders(old).get(1).get("status")));

        // a position left on the old contract is closed by an exit on the continuous symbol, with the new one's
        assertEquals(200, gw.post("/api/paper/quotes", "{\"symbol\":\"" + old + "\",\"price\":5990}", "application/json").status());
        signal("roll", "command=PLACE; instrument=" + oldAti + "; action=BUY; qty=2; order_type=MARKET;");
        gw.await("f-roll long 2 on the old contract", Duration.ofSeconds(5), () -> positionIn("f-roll", old).compareTo(new BigDecimal("2")) == 0);
        signal("roll", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":1,\"price\":6000}");
        gw.await("f-roll long 1 on the front", Duration.ofSeconds(5), () -> positionIn("f-roll", front).compareTo(BigDecimal.ONE) == 0);
        String exit = signal("roll", "{\"ticker\":\"ES1!\",\"action\":\"exit\",\"price\":6000}");
        assertEquals(2, gw.get("/api/signals/" + exit).json().get("orders").size(), gw.get("/api/signals/" + exit).body());
        gw.await("f-roll flat on both contracts", Duration.ofSeconds(5),
                () -> positionIn("f-roll", old).signum() == 0 && positionIn("f-roll", front).signum() == 0);
    }

    @Test
    void tenantLimitsApplyToEachFollowerOfTheTenantAndTheTightestLevelDecides() {
        String three = signal("tenant", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":3,\"price\":6000}");
        for (String f : List.of("f-ten-a", "f-ten-b")) {
            JsonNode k = skip(three, f);
            assertEquals("MAX_ORDER_QUANTITY", k.get("reasonCode").asText());
            assertTrue(k.get("reason").asText().contains("above maxOrderQuantity 2 [tenant t2]"), k.toString());
        }
        signal("tenant", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":2,\"price\":6000}");
        awaitPosition("f-ten-a", "2");
        awaitPosition("f-ten-b", "2");
        String again = signal("tenant", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":2,\"price\":6000}");
        assertEquals(List.of("BUY 2"), orders(again, "f-ten-a"), "4 is within the tenant's maxPosition 5");
        JsonNode account = skip(again, "f-ten-b");
        assertEquals("MAX_POSITION", account.get("reasonCode").asText());
        assertTrue(account.get("reason").asText().contains("beyond maxPosition 3 [account f-ten-b]"), account.toString());
        awaitPosition("f-ten-a", "4");
        JsonNode tenant = skip(signal("tenant", "{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":2,\"price\":6000}"), "f-ten-a");
        assertEquals("MAX_POSITION", tenant.get("reasonCode").asText());
        assertTrue(tenant.get("reason").asText().contains("from 4 to 6, beyond maxPosition 5 [tenant t2]"), tenant.toString());
        // exits pass every level
        String exit = signal("tenant", "{\"ticker\":\"ES1!\",\"action\":\"exit\",\"price\":6000}");
        assertEquals(List.of("SELL 4"), orders(exit, "f-ten-a"));
        assertEquals(List.of("SELL 2"), orders(exit, "f-ten-b"));
    }
}
