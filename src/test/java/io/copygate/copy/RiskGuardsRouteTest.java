package io.copygate.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.security.WebhookTokens;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every risk guard through the real routes, PostgreSQL and the paper broker: each master has one
 * paper follower whose link carries the guard under test; a block is a skip on GET /api/signals/{id}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RiskGuardsRouteTest {
    private static final String[] MASTERS = {"loss", "stale", "hours", "limits", "rate", "prop", "acct", "slip", "target", "flat"};
    private TestDatabase db;
    private TestGateway gw;

    @BeforeAll
    void start() {
        StringBuilder yaml = new StringBuilder("""
                tenants:
                  - {id: t1, name: Risk desk}
                riskProfiles:
                  prop-50k: {maxPosition: 2, requireBracket: true, dailyLossLimit: 1000}
                accounts:
                """);
        for (String m : MASTERS) {
            yaml.append("  - {id: m-").append(m).append(", tenant: t1, broker: webhook, webhookTokens: [{sha256: ")
                    .append(WebhookTokens.sha256("token-" + m)).append("}]}\n");
            yaml.append("  - {id: f-").append(m).append(", tenant: t1, broker: paper")
                    .append(m.equals("acct") ? ", risk: {profile: prop-50k, maxOrderQuantity: 1}" : "").append("}\n");
        }
        // a window that is closed now, whatever the hour the test runs
        LocalTime from = LocalTime.now(ZoneOffset.UTC).plusHours(2).withSecond(0).withNano(0);
        String closed = from + "-" + from.plusHours(1);
        Map<String, String> rules = Map.of(
                "loss", "{risk: {dailyLossLimit: 500}}",
                "stale", "{risk: {maxSignalAge: 5s}}",
                "hours", "{risk: {tradingHours: ['" + closed + "'], sessionTimeZone: UTC}}",
                "limits", "{risk: {maxOrderQuantity: 3, maxPosition: 4, maxOpenOrders: 2}}",
                "rate", "{risk: {maxOrdersPerMinute: 2}}",
                "prop", "{risk: {profile: prop-50k}}",
                "acct", "{}",
                "slip", "{maxSlippage: 0.005}",
                "target", "{risk: {dailyProfitTarget: 200}}",
                "flat", "{risk: {dailyLossLimit: 100, flattenOnDailyLoss: true}}");
        yaml.append("links:\n");
        for (String m : MASTERS) {
            yaml.append("  - {id: l-").append(m).append(", tenant: t1, master: m-").append(m).append(", follower: f-").append(m)
                    .append(", rules: ").append(rules.get(m)).append("}\n");
        }
        db = TestDatabase.postgres();
        gw = TestGateway.start(db, yaml.toString(), Map.of());
    }

    @AfterAll
    void stop() {
        gw.close();
        db.close();
    }

    private String signal(String master, String body) {
        TestGateway.Reply r = gw.post("/webhooks/tradingview/token-" + master, body, "application/json");
        assertEquals(202, r.status(), r.body());
        String id = r.json().get("signalId").asText();
        db.awaitDelivered(id);
        return id;
    }

    private String buy(String master, String qty, String price) {
        return signal(master, "{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":" + qty + ",\"price\":" + price
                + ",\"id\":\"" + java.util.UUID.randomUUID() + "\"}");
    }

    private String exit(String master, String price) {
        return signal(master, "{\"ticker\":\"NQ1!\",\"action\":\"exit\",\"price\":" + price + ",\"id\":\""
                + java.util.UUID.randomUUID() + "\"}");
    }

    /**
     * The follower's one copy of the signal (asserting there is exactly one), as GET /api/signals/{id} shows
     * it; the bracket legs the gateway adds under the same signal once the entry fills are not copies.
     */
    private JsonNode copied(String signalId) {
        JsonNode s = gw.get("/api/signals/" + signalId).json();
        java.util.List<JsonNode> copies = new java.util.ArrayList<>();
        s.get("orders").forEach(o -> {
            if (o.get("targetOrderId").isNull()) {
                copies.add(o);
            }
        });
        assertEquals(1, copies.size(), s.toString());
        assertEquals(0, s.get("skips").size(), s.toString());
        return copies.get(0);
    }

    /** The follower's skip of the signal (asserting nothing was ordered): its reason sentence. */
    private String blocked(String signalId, String code) {
        JsonNode s = gw.get("/api/signals/" + signalId).json();
        assertEquals(0, s.get("orders").size(), s.toString());
        assertEquals(1, s.get("skips").size(), s.toString());
        assertEquals(code, s.get("skips").get(0).get("reasonCode").asText(), s.toString());
        return s.get("skips").get(0).get("reason").asText();
    }

    private BigDecimal position(String account) {
        Object q = db.rows("SELECT COALESCE(SUM(quantity), 0) AS q FROM positions WHERE account_id = ?", account).get(0).get("q");
        return ((BigDecimal) q).stripTrailingZeros();
    }

    @Test
    void dailyLossLimitTripsMidSessionBlocksTheNextEntryButLetsTheExitThrough() {
        copied(buy("loss", "2", "20000"));                     // long 2 NQ at 20000 (point value 20)
        copied(buy("loss", "1", "19993"));                     // unrealized (19993 − 20000) × 2 × 20 = −280: still inside 500
        assertEquals(0, new BigDecimal("3").compareTo(position("f-loss")));
        // average 19997.67; at 19989 the three are (19989 − 19997.67) × 3 × 20 = −520
        String reason = blocked(buy("loss", "1", "19989"), "DAILY_LOSS_LIMIT");
        assertTrue(reason.contains("-520.00") && reason.contains("dailyLossLimit of 500.00"), reason);
        JsonNode out = copied(exit("loss", "19989"));
        assertEquals("SELL", out.get("side").asText());
        assertEquals(0, new BigDecimal("3").compareTo(new BigDecimal(out.get("quantity").asText())));
        gw.await("f-loss flat", Duration.ofSeconds(5), () -> position("f-loss").signum() == 0);
        // the loss is now realized: entries stay blocked for the rest of the session
        String realized = blocked(buy("loss", "1", "20100"), "DAILY_LOSS_LIMIT");
        assertTrue(realized.contains("realized net of fees -520.00"), realized);
    }

    @Test
    void aStaleSignalIsDroppedAndAFreshOneIsCopied() {
        String old = Instant.now().minusSeconds(60).toString();
        String reason = blocked(signal("stale", "{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":1,\"price\":20000,\"time\":\""
                + old + "\"}"), "SIGNAL_STALE");
        assertTrue(reason.contains("maxSignalAge 5s"), reason);
        copied(signal("stale", "{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":1,\"price\":20000,\"time\":\""
                + Instant.now() + "\"}"));
    }

    @Test
    void outsideTradingHoursEntriesAreBlockedAndExitsPass() {
        // open a position while the link has no window, then give it one that is closed now
        String hours = db.rows("SELECT rules FROM copy_links WHERE id = 'l-hours'").get(0).get("rules").toString();
        db.execute("UPDATE copy_links SET rules = '{}' WHERE id = 'l-hours'");
        copied(buy("hours", "2", "20000"));
        db.execute("UPDATE copy_links SET rules = ? WHERE id = 'l-hours'", hours);

        String reason = blocked(buy("hours", "1", "20000"), "OUTSIDE_TRADING_HOURS");
        assertTrue(reason.contains("entries open only"), reason);
        JsonNode out = copied(exit("hours", "20001"));
        assertEquals("SELL", out.get("side").asText());
        gw.await("f-hours flat", Duration.ofSeconds(5), () -> position("f-hours").signum() == 0);
    }

    @Test
    void maxOrderQuantityMaxPositionAndMaxOpenOrdersBlockEntriesNotExits() {
        assertTrue(blocked(buy("limits", "4", "20000"), "MAX_ORDER_QUANTITY").contains("above maxOrderQuantity 3"));
        copied(buy("limits", "3", "20000"));
        assertTrue(blocked(buy("limits", "2", "20000"), "MAX_POSITION").contains("from 3 to 5, beyond maxPosition 4"));
        copied(exit("limits", "20000"));                        // exits pass every limit
        gw.await("f-limits flat", Duration.ofSeconds(5), () -> position("f-limits").signum() == 0);
        // limit orders far below the market keep working: the third would be one too many
        String limit = "{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"orderType\":\"limit\",\"limitPrice\":100,\"quantity\":1,\"price\":20000,\"id\":\"";
        copied(signal("limits", limit + "w1\"}"));
        copied(signal("limits", limit + "w2\"}"));
        assertTrue(blocked(signal("limits", limit + "w3\"}"), "MAX_OPEN_ORDERS").contains("has 2 working orders"));
    }

    @Test
    void ordersPerMinuteCapBlocksTheThirdEntry() {
        copied(buy("rate", "1", "20000"));
        copied(buy("rate", "1", "20000"));
        assertTrue(blocked(buy("rate", "1", "20000"), "ORDERS_PER_MINUTE").contains("maxOrdersPerMinute is 2"));
        copied(exit("rate", "20000"));                          // exits are never capped
    }

    @Test
    void aPropFirmProfileOnALinkRequiresBracketsAndCapsContracts() {
        String noBracket = blocked(buy("prop", "1", "20000"), "BRACKET_REQUIRED");
        assertTrue(noBracket.contains("profile prop-50k"), noBracket);
        String withStop = "{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":%s,\"price\":20000,\"stopLoss\":{\"stopPrice\":19900},\"id\":\"%s\"}";
        copied(signal("prop", withStop.formatted("2", "p1")));
        assertTrue(blocked(signal("prop", withStop.formatted("1", "p2")), "MAX_POSITION").contains("beyond maxPosition 2 (profile prop-50k)"));
    }

    @Test
    void accountLevelLimitsApplyOverALinkWithoutRules() {
        String withStop = "{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"quantity\":%s,\"price\":20000,\"stopLoss\":{\"stopPrice\":19900},\"id\":\"%s\"}";
        assertTrue(blocked(signal("acct", withStop.formatted("2", "a1")), "MAX_ORDER_QUANTITY").contains("above maxOrderQuantity 1"));
        blocked(buy("acct", "1", "20000"), "BRACKET_REQUIRED");
        copied(signal("acct", withStop.formatted("1", "a2")));
    }

    @Test
    void aMarketCopyIsSkippedWhenTheFollowersLastPriceIsBeyondMaxSlippage() {
        assertEquals(200, gw.post("/api/paper/quotes", "{\"symbol\":\"NVDA\",\"price\":200}", "application/json").status());
        String reason = blocked(signal("slip", "{\"ticker\":\"NVDA\",\"action\":\"buy\",\"quantity\":1,\"price\":210}"), "MAX_SLIPPAGE");
        assertTrue(reason.contains("last price 200") && reason.contains("beyond maxSlippage 0.005"), reason);
        copied(signal("slip", "{\"ticker\":\"NVDA\",\"action\":\"buy\",\"quantity\":1,\"price\":200.5}"));
        // no price known at all for the follower's venue: the guard cannot check, so it blocks
        assertTrue(blocked(signal("slip", "{\"ticker\":\"AMD\",\"action\":\"buy\",\"quantity\":1,\"price\":150}"), "MAX_SLIPPAGE")
                .contains("no last price for AMD"));
    }

    @Test
    void theDailyProfitTargetLocksOutEntriesOnceReached() {
        copied(buy("target", "1", "20000"));
        copied(exit("target", "20011"));                        // +11 points × 20 = +220 realized
        String reason = blocked(buy("target", "1", "20011"), "DAILY_PROFIT_TARGET");
        assertTrue(reason.contains("220.00") && reason.contains("dailyProfitTarget of 200.00"), reason);
    }

    @Test
    void flattenOnDailyLossEngagesTheAccountKillSwitchWhichClosesThePosition() {
        copied(buy("flat", "2", "20000"));
        blocked(buy("flat", "1", "19997"), "DAILY_LOSS_LIMIT");   // (19997 − 20000) × 2 × 20 = −120
        gw.await("f-flat flattened", Duration.ofSeconds(10), () -> position("f-flat").signum() == 0);
        assertEquals(1, db.count("SELECT count(*) FROM kill_switches WHERE scope = 'account' AND subject = 'f-flat' "
                + "AND engaged_by = 'risk-guard' AND released_at IS NULL AND reason LIKE 'flattenOnDailyLoss: %dailyLossLimit of 100.00%'"));
        // tripping again changes nothing: the account already has its switch, copying stays stopped
        blocked(buy("flat", "1", "19990"), "KILL_SWITCH");
        assertEquals(1, db.count("SELECT count(*) FROM kill_switches WHERE subject = 'f-flat'"));
        assertEquals(1, db.count("SELECT count(*) FROM copy_orders WHERE follower_account_id = 'f-flat' AND side = 'SELL'"));
    }
}
