package io.copygate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.ExecutionListener;
import io.copygate.security.SignalSignature;
import io.copygate.security.WebhookTokens;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A follower's bracket kept by the gateway (docs/copy-rules.md, "Brackets and the order lifecycle"):
 * real routes, PostgreSQL and the paper broker, the master speaking canonical signals. Each test has its
 * own desk (master + paper follower) and its own symbol, because a paper trade crosses every account.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowerBracketsTest {
    private static final String[] DESKS = {"a", "b", "c", "d", "e", "f", "g", "h"};
    private TestDatabase db;
    private TestGateway gw;

    @BeforeAll
    void start() {
        StringBuilder yaml = new StringBuilder("tenants: [{id: t1}]\naccounts:\n");
        for (String d : DESKS) {
            yaml.append(("  - {id: m%1$s, tenant: t1, broker: webhook, webhookTokens: [{sha256: %2$s}], "
                    + "signalKeys: [{id: key-%1$s, secret: \"${env:PATH}\"}]}\n  - {id: %1$s1, tenant: t1, broker: paper}\n")
                    .formatted(d, WebhookTokens.sha256("token-" + d)));
        }
        yaml.append("links:\n");
        for (String d : DESKS) {
            yaml.append("  - {id: l%1$s, tenant: t1, master: m%1$s, follower: %1$s1}\n".formatted(d));
        }
        db = TestDatabase.postgres();
        gw = TestGateway.start(db, yaml.toString(), Map.of());
    }

    @AfterAll
    void stop() {
        gw.close();
        db.close();
    }

    /** The master's signal (canonical JSON, signed); returns its id once its copy orders are delivered. */
    private String signal(String desk, String json) {
        String body = json.replace("{", "{\"id\":\"" + UUID.randomUUID() + "\",");
        long t = System.currentTimeMillis() / 1000;
        String sig = HexFormat.of().formatHex(SignalSignature.sign(System.getenv("PATH").getBytes(StandardCharsets.UTF_8), t, body));
        TestGateway.Reply r = gw.post("/webhooks/signal", body, Map.of("Content-Type", "application/json",
                "X-Copygate-Key", "key-" + desk, "X-Copygate-Signature", "t=" + t + ",v1=" + sig));
        assertEquals(202, r.status(), r.body());
        String id = r.json().get("signalId").asText();
        settle();
        return id;
    }

    /** A trade in the paper market, optionally of a size. */
    private void trade(String symbol, String price, String quantity) {
        TestGateway.Reply r = gw.post("/api/paper/quotes", "{\"symbol\":\"" + symbol + "\",\"price\":" + price
                + (quantity == null ? "" : ",\"quantity\":" + quantity) + "}", "application/json");
        assertEquals(200, r.status(), r.body());
        settle();
    }

    /** Waits until nothing is left to deliver and the bracket keeper has caught up. */
    private void settle() {
        gw.await("deliveries done", Duration.ofSeconds(10), () -> db.count(
                "SELECT count(*) FROM copy_orders WHERE state IN ('planned','sent')") == 0);
        try {
            Thread.sleep(300);     // the keeper runs after the events; anything it adds is awaited again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gw.await("deliveries done", Duration.ofSeconds(10), () -> db.count(
                "SELECT count(*) FROM copy_orders WHERE state IN ('planned','sent')") == 0);
    }

    /** The follower's paper orders (GET /api/paper/orders), oldest first. */
    private List<JsonNode> paperOrders(String account) {
        List<JsonNode> out = new ArrayList<>();
        gw.get("/api/paper/orders?account=" + account).json().forEach(out::add);
        java.util.Collections.reverse(out);
        return out;
    }

    private List<JsonNode> working(String account) {
        return paperOrders(account).stream().filter(o -> o.get("status").asText().equals("working")).toList();
    }

    private static String describe(JsonNode o) {
        return o.get("side").asText() + " " + new BigDecimal(o.get("quantity").asText()).stripTrailingZeros().toPlainString()
                + " " + o.get("orderType").asText() + " @" + (o.get("orderType").asText().equals("LIMIT")
                ? o.get("limitPrice") : o.get("stopPrice")).decimalValue().stripTrailingZeros().toPlainString();
    }

    private List<String> workingDescribed(String account) {
        return working(account).stream().map(FollowerBracketsTest::describe).sorted().toList();
    }

    private BigDecimal position(String account, String symbol) {
        return ((BigDecimal) db.rows("SELECT COALESCE(SUM(quantity), 0) AS q FROM positions WHERE account_id = ? AND symbol = ?",
                account, symbol).get(0).get("q")).stripTrailingZeros();
    }

    private JsonNode signalView(String id) {
        TestGateway.Reply r = gw.get("/api/signals/" + id);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static String entry(String symbol, String ref) {
        return "{\"kind\":\"ORDER_NEW\",\"instrument\":\"" + symbol + "\",\"side\":\"BUY\",\"quantity\":3,\"orderType\":\"LIMIT\","
                + "\"limitPrice\":100,\"price\":101,\"stopLoss\":95,\"takeProfit\":110,\"masterOrderRef\":\"" + ref + "\"}";
    }

    @Test
    void aLimitEntryGetsItsBracketOnlyAfterItsFillAndTheTargetFillCancelsTheStop() {
        String id = signal("a", entry("AAPL", "a-1"));
        assertEquals(List.of("BUY 3 LIMIT @100"), workingDescribed("a1"), "no leg before the entry fills");

        trade("AAPL", "100", null);
        assertEquals(0, new BigDecimal("3").compareTo(position("a1", "AAPL")));
        assertEquals(List.of("SELL 3 LIMIT @110", "SELL 3 STOP @95"), workingDescribed("a1"), "both legs after the fill");
        List<JsonNode> legs = working("a1");
        assertEquals(legs.get(0).get("ocoGroup").asText(), legs.get(1).get("ocoGroup").asText(), "one OCO group");

        trade("AAPL", "110", null);
        assertEquals(0, position("a1", "AAPL").signum(), "the target closed the position");
        assertEquals(List.of(), workingDescribed("a1"), "the stop was cancelled with the target's fill");
        JsonNode view = signalView(id);
        List<String> orders = new ArrayList<>();
        view.get("orders").forEach(o -> orders.add(o.get("intent").asText() + " " + o.get("orderType").asText() + " "
                + o.get("brokerStatus").asText()));
        assertEquals(List.of("PLACE LIMIT filled", "PLACE LIMIT filled", "PLACE STOP cancelled"), orders.stream().sorted().toList(), "entry and both legs under the master's signal");
    }

    @Test
    void aPartialFillSizesTheBracketToWhatFilledAndTheNextFillResizesIt() {
        String id = signal("b", entry("MSFT", "b-1"));
        trade("MSFT", "100", "1");
        assertEquals(0, BigDecimal.ONE.compareTo(position("b1", "MSFT")));
        assertEquals(List.of("BUY 3 LIMIT @100", "SELL 1 LIMIT @110", "SELL 1 STOP @95"), workingDescribed("b1"),
                "the entry works on, its legs cover the 1 filled");

        trade("MSFT", "100", "2");
        assertEquals(0, new BigDecimal("3").compareTo(position("b1", "MSFT")));
        assertEquals(List.of("SELL 3 LIMIT @110", "SELL 3 STOP @95"), workingDescribed("b1"), "legs resized to 3");
        assertEquals(2, signalView(id).get("orders").findValuesAsText("intent").stream().filter("MODIFY"::equals).count(),
                "one resize per leg, journaled under the master's signal");

        // the stop fills: the target is cancelled
        trade("MSFT", "94", null);
        assertEquals(0, position("b1", "MSFT").signum());
        assertEquals(List.of(), workingDescribed("b1"));
    }

    @Test
    void aMasterFlattenOfEverythingWhileBracketsWorkLeavesNoWorkingFollowerOrder() {
        signal("c", "{\"kind\":\"ORDER_NEW\",\"instrument\":\"NVDA\",\"side\":\"BUY\",\"quantity\":2,\"orderType\":\"MARKET\","
                + "\"price\":50,\"stopLoss\":45,\"takeProfit\":60,\"masterOrderRef\":\"c-1\"}");
        signal("c", "{\"kind\":\"ORDER_NEW\",\"instrument\":\"AMZN\",\"side\":\"BUY\",\"quantity\":1,\"orderType\":\"LIMIT\","
                + "\"limitPrice\":10,\"price\":20,\"masterOrderRef\":\"c-2\"}");
        assertEquals(List.of("BUY 1 LIMIT @10", "SELL 2 LIMIT @60", "SELL 2 STOP @45"), workingDescribed("c1"));

        String flatten = signal("c", "{\"kind\":\"FLATTEN\"}");
        assertEquals(0, position("c1", "NVDA").signum());
        assertEquals(List.of(), workingDescribed("c1"), "the legs and the other working order are cancelled");
        List<String> intents = signalView(flatten).get("orders").findValuesAsText("intent");
        assertEquals(List.of("CANCEL", "CANCEL", "CANCEL", "PLACE"), intents.stream().sorted().toList());
        assertEquals(0, signalView(flatten).get("skips").size());
    }

    @Test
    void theMasterMovingItsStopMovesTheFollowersStopBeforeAndAfterTheFill() {
        signal("d", entry("TSLA", "d-1"));
        signal("d", "{\"kind\":\"ORDER_MODIFY\",\"instrument\":\"TSLA\",\"stopLoss\":96,\"masterOrderRef\":\"d-1\"}");
        trade("TSLA", "100", null);
        assertEquals(List.of("SELL 3 LIMIT @110", "SELL 3 STOP @96"), workingDescribed("d1"), "legs at the moved level");

        String move = signal("d", "{\"kind\":\"ORDER_MODIFY\",\"instrument\":\"TSLA\",\"stopLoss\":98,\"masterOrderRef\":\"d-1\"}");
        assertEquals(List.of("SELL 3 LIMIT @110", "SELL 3 STOP @98"), workingDescribed("d1"), "only the stop moved");
        assertEquals(List.of("MODIFY"), signalView(move).get("orders").findValuesAsText("intent"));
        assertEquals(0, signalView(move).get("skips").size());
    }

    @Test
    void aMasterExitClosesThePositionAndCancelsBothLegs() {
        signal("e", entry("META", "e-1"));
        trade("META", "100", null);
        assertEquals(2, working("e1").size());
        String exit = signal("e", "{\"kind\":\"POSITION_TARGET\",\"instrument\":\"META\",\"targetPosition\":0,\"price\":104}");
        assertEquals(0, position("e1", "META").signum());
        assertEquals(List.of(), workingDescribed("e1"), "no orphan stop or target");
        assertEquals(List.of("PLACE"), signalView(exit).get("orders").findValuesAsText("intent"));
        assertEquals(2, db.count("SELECT count(*) FROM copy_orders WHERE follower_account_id = 'e1' AND intent = 'CANCEL' "
                + "AND state = 'acked'"), "each leg cancelled once");
        trade("META", "94", null);
        assertEquals(0, position("e1", "META").signum(), "the old stop cannot reopen a position");
    }

    @Test
    void repeatedEventsChecksAndRestartCatchUpsPlaceNoSecondBracket() {
        signal("f", entry("GOOG", "f-1"));
        trade("GOOG", "100", null);
        assertEquals(2, working("f1").size());
        String entryId = (String) db.rows("SELECT id FROM copy_orders WHERE follower_account_id = 'f1' AND target_order_id IS NULL")
                .get(0).get("id");
        ExecutionListener events = gw.camel().getRegistry().lookupByNameAndType("accountEvents", ExecutionListener.class);
        FollowerBrackets keeper = gw.camel().getRegistry().lookupByNameAndType("followerBrackets", FollowerBrackets.class);
        for (int i = 0; i < 3; i++) {
            events.onOrderStatus("f1", entryId, "P-repeat", "partially_filled", BigDecimal.ONE);
            events.onOrderStatus("f1", entryId, "P-repeat", "filled", new BigDecimal("3"));
            keeper.keep("f1", "GOOG");
            keeper.catchUp();     // what a restart runs
        }
        settle();
        assertEquals(List.of("SELL 3 LIMIT @110", "SELL 3 STOP @95"), workingDescribed("f1"));
        assertEquals(3, paperOrders("f1").size(), "entry + 2 legs + nothing else at the broker");
        assertEquals(2, db.count("SELECT count(*) FROM copy_orders WHERE target_order_id = ? AND intent = 'PLACE'", entryId));
        assertEquals(0, db.count("SELECT count(*) FROM copy_orders WHERE follower_account_id = 'f1' AND intent = 'MODIFY'"),
                "a stale 'partially filled 1' after 'filled 3' shrinks nothing");
    }

    @Test
    void aCancelOfAnUnfilledBracketedEntryLeavesNothingWorking() {
        signal("g", entry("NFLX", "g-1"));
        String cancel = signal("g", "{\"kind\":\"ORDER_CANCEL\",\"instrument\":\"NFLX\",\"masterOrderRef\":\"g-1\"}");
        assertEquals(List.of("CANCEL"), signalView(cancel).get("orders").findValuesAsText("intent"));
        trade("NFLX", "99", null);
        assertEquals(List.of(), workingDescribed("g1"));
        assertEquals(0, position("g1", "NFLX").signum());
        assertEquals(1, paperOrders("g1").size(), "no leg was ever placed");
        assertTrue(paperOrders("g1").get(0).get("status").asText().equals("cancelled"));
    }

    @Test
    void aStopFilledInPartsShrinksTheTargetToWhatIsLeftAndItsLastFillCancelsTheTarget() {
        signal("h", entry("AMD", "h-1"));
        trade("AMD", "100", null);
        trade("AMD", "94", "1");
        assertEquals(0, new BigDecimal("2").compareTo(position("h1", "AMD")));
        assertEquals(List.of("SELL 2 LIMIT @110", "SELL 3 STOP @95"), workingDescribed("h1"),
                "the stop has 1 of 3 filled; the target covers the 2 left");
        trade("AMD", "94", null);
        assertEquals(0, position("h1", "AMD").signum());
        assertEquals(List.of(), workingDescribed("h1"));
    }

    @Test
    void aPaperTradeWithABadSizeIsRefusedNamingTheField() {
        TestGateway.Reply r = gw.post("/api/paper/quotes", "{\"symbol\":\"AAPL\",\"price\":10,\"quantity\":0}", "application/json");
        assertEquals(422, r.status());
        assertEquals("quantity", r.json().get("field").asText());
    }
}
