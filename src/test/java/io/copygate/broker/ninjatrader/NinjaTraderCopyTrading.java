package io.copygate.broker.ninjatrader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * End to end through the real add-on: what a TradingView alert leaves in the NinjaTrader account, what
 * a trader's own NinjaTrader orders do to a paper follower, refusals, and an add-on that is away.
 * The stub account is read back through the add-on's own GET /orders and GET /positions.
 */
abstract class NinjaTraderCopyTrading extends NinjaTraderEndToEnd {

    @Test
    @Order(1)
    void aMarketAlertIsOneFilledOrderInNinjaTraderAndItsFillComesBack() {
        String id = copyOrder(alert("{\"ticker\":\"ESZ26\",\"action\":\"buy\",\"quantity\":2,\"id\":\"mkt-1\"}"));
        awaitState(id, "acked");
        JsonNode o = addOnOrder(id);
        assertEquals("ES 12-26", o.get("instrument").asText());
        assertEquals("buy", o.get("action").asText());
        assertEquals("market", o.get("orderType").asText());
        assertEquals(2, o.get("quantity").asInt());
        assertEquals("filled", o.get("state").asText());
        assertEquals(1, addOnOrdersOn("ES 12-26").size(), "exactly one order reached NinjaTrader");
        assertEquals(2, addOnPosition("ES 12-26"));
        // the add-on's execution event came back: the gateway's position and the copy order's status
        awaitPosition("nt-follower", "ESZ26", 2);
        gw.await("broker status filled", WAIT, () -> "filled".equals(row(id).get("broker_status")));
    }

    @Test
    @Order(2)
    void aLimitAlertIsAWorkingLimitOrderWithItsPriceAndTimeInForce() {
        String id = copyOrder(alert("{\"ticker\":\"NQZ26\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"limit\","
                + "\"limitPrice\":20990.25,\"timeInForce\":\"gtc\",\"id\":\"lim-1\"}"));
        awaitState(id, "acked");
        JsonNode o = addOnOrder(id);
        assertEquals("limit", o.get("orderType").asText());
        assertDecimal("20990.25", o.get("limitPrice"), "limit price");
        assertEquals("gtc", o.get("timeInForce").asText());
        assertEquals("working", o.get("state").asText());
        assertEquals(0, addOnPosition("NQ 12-26"));
    }

    @Test
    @Order(3)
    void aBracketBecomesAnOcoPairOnlyOnceTheEntryFillsAndNothingIsCopiedBack() {
        String id = copyOrder(alert("{\"ticker\":\"YMZ26\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"limit\","
                + "\"limitPrice\":44990,\"stopLoss\":{\"stopPrice\":44900},\"takeProfit\":{\"limitPrice\":45100},\"id\":\"brk-1\"}"));
        awaitState(id, "acked");
        assertEquals(List.of(id), addOnOrdersOn("YM 12-26").stream().map(o -> o.get("clientOrderId").asText()).toList(),
                "before the entry fills, NinjaTrader holds the entry only");

        host.stub("price", "{\"instrument\":\"YM\",\"price\":44990}");
        gw.await("the bracket legs", WAIT, () -> addOnOrdersOn("YM 12-26").size() == 3);
        JsonNode stop = addOnOrder(id + "-SL1");
        JsonNode target = addOnOrder(id + "-TP1");
        assertEquals("stopMarket", stop.get("orderType").asText());
        assertDecimal("44900", stop.get("stopPrice"), "stop-loss");
        assertEquals("limit", target.get("orderType").asText());
        assertDecimal("45100", target.get("limitPrice"), "take-profit");
        assertEquals("sell", stop.get("action").asText());
        assertEquals("sell", target.get("action").asText());
        assertEquals(stop.get("ocoId").asText(), target.get("ocoId").asText(), "one OCO group");
        assertEquals("working", stop.get("state").asText());
        assertEquals(1, addOnPosition("YM 12-26"));

        host.stub("price", "{\"instrument\":\"YM\",\"price\":45100}");
        gw.await("the target filled and the stop cancelled by OCO", WAIT,
                () -> "cancelled".equals(addOnOrder(id + "-SL1").get("state").asText()));
        assertEquals("filled", addOnOrder(id + "-TP1").get("state").asText());
        assertEquals(0, addOnPosition("YM 12-26"));
        gw.await("the entry's and the take-profit's fills came back, filed under the copy order", WAIT, () -> db.count(
                "SELECT count(*) FROM fills WHERE account_id = 'nt-follower' AND symbol = 'YMZ26' AND copy_order_id = ?", id) == 2);
        assertEquals(0, position("nt-follower", "YMZ26").signum(), "bought 1, sold 1 at the target");
        assertEquals(0, db.count("SELECT count(*) FROM signals WHERE master_account_id = 'nt-follower'"),
                "copygate's own orders and legs are never read as the follower's own trading");
    }

    @Test
    @Order(4)
    void anAtiCancelCancelsTheWorkingCopy() {
        String id = copyOrder(alert("command=PLACE; account=Sim101; instrument=RTY 12-26; action=BUY; qty=1; "
                + "order_type=LIMIT; limit_price=2390; tif=DAY; order_id=rty-1;"));
        awaitState(id, "acked");
        assertEquals("working", addOnOrder(id).get("state").asText());
        String cancel = copyOrder(alert("command=CANCEL; account=Sim101; instrument=RTY 12-26; order_id=rty-1;"));
        awaitState(cancel, "acked");
        assertEquals("cancelled", addOnOrder(id).get("state").asText());
        assertEquals(1, addOnOrdersOn("RTY 12-26").size());
    }

    @Test
    @Order(5)
    void anAtiChangeChangesPriceAndQuantityOfTheWorkingCopy() {
        String id = copyOrder(alert("command=PLACE; account=Sim101; instrument=MNQ 12-26; action=BUY; qty=1; "
                + "order_type=LIMIT; limit_price=20990; order_id=mnq-1;"));
        awaitState(id, "acked");
        String change = copyOrder(alert("command=CHANGE; instrument=MNQ 12-26; order_id=mnq-1; qty=2; limit_price=20980.5;"));
        awaitState(change, "acked");
        JsonNode o = addOnOrder(id);
        assertEquals(2, o.get("quantity").asInt());
        assertDecimal("20980.5", o.get("limitPrice"), "changed limit");
        assertEquals("working", o.get("state").asText());
        assertEquals(1, addOnOrdersOn("MNQ 12-26").size(), "changed in place, not replaced");
    }

    @Test
    @Order(6)
    void closePositionAndFlattenLeaveTheAccountFlatWithNothingWorking() {
        String entry = copyOrder(alert("command=PLACE; instrument=CL 01-27; action=BUY; qty=3; order_type=MARKET;"));
        awaitState(entry, "acked");
        awaitPosition("nt-follower", "CLF27", 3); // the exit is sized from the position the add-on reported
        String close = copyOrder(alert("command=CLOSEPOSITION; instrument=CL 01-27;"));
        awaitState(close, "acked");
        JsonNode exit = addOnOrder(close);
        assertEquals("sell", exit.get("action").asText());
        assertEquals(3, exit.get("quantity").asInt());
        awaitAddOnPosition("CL 01-27", 0);

        awaitState(copyOrder(alert("command=PLACE; instrument=GC 02-27; action=BUY; qty=1; order_type=MARKET;")), "acked");
        String limit = copyOrder(alert("command=PLACE; instrument=GC 02-27; action=BUY; qty=1; order_type=LIMIT; "
                + "limit_price=3990; order_id=gc-1;"));
        awaitState(limit, "acked");
        awaitPosition("nt-follower", "GCG27", 1);
        String flatten = alert("command=FLATTEN; instrument=GC 02-27;");
        gw.await("flatten delivered", WAIT, () -> db.count("SELECT count(*) FROM copy_orders WHERE signal_id = ? "
                + "AND state <> 'acked'", flatten) == 0);
        assertEquals(2, db.count("SELECT count(*) FROM copy_orders WHERE signal_id = ?", flatten), "a cancel and a close");
        awaitAddOnPosition("GC 02-27", 0);
        assertEquals("cancelled", addOnOrder(limit).get("state").asText());
        assertTrue(addOnOrdersOn("GC 02-27").stream().noneMatch(o -> "working".equals(o.get("state").asText())));
    }

    @Test
    @Order(7)
    void aTradersOwnNinjaTraderOrdersAreCopiedToThePaperFollowerOnceEvenWhenResent() {
        JsonNode market = host.stub("orders", "{\"account\":\"Sim102\",\"instrument\":\"MES 12-26\",\"action\":\"buy\","
                + "\"quantity\":1,\"orderType\":\"market\"}");
        gw.await("the paper follower bought 2", WAIT, () -> position("paper-f", "MESZ26").compareTo(BigDecimal.valueOf(2)) == 0);
        awaitPosition("nt-master", "MESZ26", 1);
        gw.await("the master's fill journaled", WAIT, () ->
                db.count("SELECT count(*) FROM signals WHERE master_account_id = 'nt-master' AND kind = 'FILL'") == 1);
        assertEquals(1, paperOrders().size());

        // the add-on re-sends after a crash: same events, same eventIds
        for (Map<String, Object> s : db.rows("SELECT raw FROM signals WHERE master_account_id = 'nt-master'")) {
            TestGateway.Reply again = gw.post("/bridge/ninjatrader/events", (String) s.get("raw"),
                    Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN));
            assertEquals(200, again.status(), again.body());
            assertEquals(eventIdOf((String) s.get("raw")), again.json().get("ack").asText());
        }
        assertEquals(1, db.count("SELECT count(*) FROM signals WHERE master_account_id = 'nt-master' AND kind = 'ORDER_NEW' "
                + "AND master_order_ref = ?", market.get("orderId").asText()));
        assertEquals(1, paperOrders().size(), "copied once");
        assertEquals(1, position("nt-master", "MESZ26").intValueExact(), "the master's fill counted once");

        // a working limit, moved, then cancelled by the trader: the copy follows
        JsonNode limit = host.stub("orders", "{\"account\":\"Sim102\",\"instrument\":\"MES 12-26\",\"action\":\"buy\","
                + "\"quantity\":1,\"orderType\":\"limit\",\"limitPrice\":5990}");
        gw.await("a working paper limit ×2", WAIT, () -> paperOrders().size() == 2);
        Map<String, Object> copy = paperOrders().get(1);
        assertEquals("working", copy.get("status"));
        assertEquals(new BigDecimal("2"), copy.get("quantity"));
        assertEquals(new BigDecimal("5990"), copy.get("limit_price"));
        host.stub("change", "{\"account\":\"Sim102\",\"orderId\":\"" + limit.get("orderId").asText() + "\",\"limitPrice\":5985.25}");
        gw.await("the copy moved", WAIT, () -> new BigDecimal("5985.25").equals(paperOrders().get(1).get("limit_price")));
        host.stub("cancel", "{\"account\":\"Sim102\",\"orderId\":\"" + limit.get("orderId").asText() + "\"}");
        gw.await("the copy cancelled", WAIT, () -> "cancelled".equals(paperOrders().get(1).get("status")));

        // the trader flattens in NinjaTrader: followers close what they hold
        host.stub("flatten", "{\"account\":\"Sim102\",\"instrument\":\"MES 12-26\"}");
        awaitPosition("paper-f", "MESZ26", 0);
        awaitPosition("nt-master", "MESZ26", 0);
        assertEquals(2, db.count("SELECT count(*) FROM signals WHERE master_account_id = 'nt-master' AND kind = 'ORDER_NEW'"),
                "NinjaTrader's Close order is a flatten, not a new order to copy");
        assertEquals(1, db.count("SELECT count(*) FROM signals WHERE master_account_id = 'nt-master' AND kind = 'FLATTEN'"));
    }

    @Test
    @Order(8)
    void anAddOnRefusalIsAFinalRejectWithItsReasonVerbatim() {
        String unknown = copyOrder(alert("{\"ticker\":\"MYMZ26\",\"action\":\"buy\",\"quantity\":1,\"id\":\"rej-1\"}"));
        awaitState(unknown, "rejected");
        assertEquals("NinjaTrader does not know the instrument \"MYM 12-26\" (expected the form \"ES 12-25\")",
                row(unknown).get("last_error"));
        assertEquals(1, row(unknown).get("attempts"), "a refusal is not retried");

        host.stub("reject-next", "{\"account\":\"Sim101\",\"reason\":\"Order rejected: insufficient margin\"}");
        String rejected = copyOrder(alert("{\"ticker\":\"ESZ26\",\"action\":\"sell\",\"quantity\":1,\"id\":\"rej-2\"}"));
        awaitState(rejected, "rejected");
        assertEquals("NinjaTrader rejected the order: Order rejected: insufficient margin", row(rejected).get("last_error"));
        assertEquals("rejected", addOnOrder(rejected).get("state").asText());
        BrokerRejectedException retry = assertThrows(BrokerRejectedException.class, () -> placeAgain(rejected),
                "a rejected id stays rejected: sending it again places nothing");
        assertEquals("Order rejected: insufficient margin", retry.getMessage());
        assertEquals(1, addOnOrders(o -> rejected.equals(o.path("clientOrderId").asText(null))).size());
    }

    @Test
    @Order(9)
    void ordersForAnAddOnThatIsAwayBecomeDeadLettersAndReplayPlacesEachOnce() throws Exception {
        host.stop();
        if (!"listen".equals(mode())) {
            gw.await("the dial-out connection is gone", WAIT, () -> !adapter().dialOut().isConnected(TOKEN));
        }
        String market = copyOrder(alert("{\"ticker\":\"ESZ26\",\"action\":\"buy\",\"quantity\":1,\"id\":\"away-1\"}"));
        String limit = copyOrder(alert("{\"ticker\":\"NQZ26\",\"action\":\"sell\",\"quantity\":1,\"orderType\":\"limit\","
                + "\"limitPrice\":21100,\"id\":\"away-2\"}"));
        for (String id : List.of(market, limit)) {
            awaitState(id, "dead");
            assertEquals(4, row(id).get("attempts"), "the first attempt and the three retries of the test schedule");
        }
        List<Map<String, Object>> letters = db.rows("SELECT id, copy_order_id, error FROM dead_letters WHERE status = 'open' "
                + "AND copy_order_id IN (?, ?) ORDER BY id", market, limit);
        assertEquals(2, letters.size(), letters.toString());

        host.start();
        awaitAddOnReachable();
        assertTrue(addOnOrders(o -> List.of(market, limit).contains(o.path("clientOrderId").asText(null))).isEmpty());
        for (Map<String, Object> letter : letters) {
            TestGateway.Reply replay = gw.post("/api/dead-letters/" + letter.get("id") + "/replay", "", "application/json");
            assertEquals(200, replay.status(), replay.body());
        }
        awaitState(market, "acked");
        awaitState(limit, "acked");
        assertEquals("filled", addOnOrder(market).get("state").asText());
        assertEquals("working", addOnOrder(limit).get("state").asText());

        for (Map<String, Object> letter : letters) {
            assertEquals(409, gw.post("/api/dead-letters/" + letter.get("id") + "/replay", "", "application/json").status());
        }
        // the add-on's idempotency: the same placement again (a retry after a lost answer) finds the order
        assertTrue(placeAgain(market).foundOnLookup());
        assertTrue(placeAgain(limit).foundOnLookup());
        addOnOrder(market);
        addOnOrder(limit);
        assertFalse(addOnOrdersOn("ES 12-26").stream().anyMatch(o -> o.path("clientOrderId").isNull()),
                "nothing but copygate's orders");
    }

    List<Map<String, Object>> paperOrders() {
        return db.rows("SELECT client_order_id, side, quantity, order_type, limit_price, status FROM paper_orders "
                + "WHERE account_id = 'paper-f' AND symbol = 'MESZ26' AND client_order_id NOT LIKE '%.%' ORDER BY created_at");
    }

    static String eventIdOf(String raw) {
        try {
            return NinjaTraderOrderMapper.JSON.readTree(raw).get("eventId").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
