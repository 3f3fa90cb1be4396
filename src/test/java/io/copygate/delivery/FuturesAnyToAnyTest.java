package io.copygate.delivery;

import static io.copygate.delivery.FuturesHeadlineFlowTest.acked;
import static io.copygate.delivery.FuturesHeadlineFlowTest.await;
import static io.copygate.delivery.FuturesHeadlineFlowTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The other direction: a Tradovate master (its WebSocket feed) copied to a TradeStation follower, in
 * TradeStation's symbols, including a 429 from TradeStation that is waited out and placed once.
 */
class FuturesAnyToAnyTest {

    @Test
    void tradovateMasterIsCopiedToTradeStationFollower() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); FuturesDesk desk = new FuturesDesk()) {
            desk.tradovate.setPrice("ESZ5", new BigDecimal("6000"));
            desk.tradestation.setPrice("ESZ25", new BigDecimal("6000"));
            desk.feedRoute("tv-master");
            String yaml = "tenants: [{id: t1}]\naccounts:\n"
                    + desk.tradovateAccount("tv-master", FuturesDesk.TV_MASTER, "PATH")
                    + desk.tradestationAccount("ts-follower", FuturesDesk.TS_FOLLOWER)
                    + """
                    links:
                      - {id: l-ts, tenant: t1, master: tv-master, follower: ts-follower}
                    """;
            try (TestGateway gw = desk.start(db, yaml)) {
                await("the Tradovate feed to be live", () -> !desk.tradovate.socketMessages().isEmpty());
                desk.tradovate.humanPlaceOrder(FuturesDesk.TV_MASTER, "Buy", "ESZ5", 2, "Market", null, null);
                await("the market order copied", () -> acked(db, "PLACE") == 1);

                // TradeStation answers the next request 429: the copy waits and is placed once
                desk.tradestation.rateLimitNext(1);
                long limit = desk.tradovate.humanPlaceOrder(FuturesDesk.TV_MASTER, "Sell", "ESZ5", 1, "Limit",
                        new BigDecimal("6010.25"), null);
                await("the limit order copied", () -> acked(db, "PLACE") == 2);
                desk.tradovate.humanModifyOrder(limit, 1, "Limit", new BigDecimal("6012"), null);
                await("the change copied", () -> acked(db, "MODIFY") == 1);
                desk.tradovate.humanCancelOrder(limit);
                await("the cancel copied", () -> acked(db, "CANCEL") == 1);

                List<JsonNode> placed = json(desk.tradestationBodies("POST", "/v3/orderexecution/orders"));
                List<String> accepted = desk.tradestation.orders(FuturesDesk.TS_FOLLOWER).stream()
                        .map(o -> o.get("Legs").get(0).get("Symbol").asText() + " "
                                + o.get("Legs").get(0).get("BuyOrSell").asText() + " " + o.get("OrderType").asText()
                                + " " + o.get("Status").asText()).sorted().toList();
                assertEquals(List.of("ESZ25 Buy Market FLL", "ESZ25 Sell Limit CAN"), accepted, placed.toString());
                assertTrue(placed.stream().allMatch(p -> p.get("Symbol").asText().equals("ESZ25")), placed.toString());
                assertEquals(2, placed.stream().map(p -> p.get("OrderConfirmID").asText()).distinct().count());
                assertEquals("2", placed.get(0).get("Quantity").asText());
                List<JsonNode> replaced = json(desk.tradestationBodies("PUT", "/v3/orderexecution/orders/"));
                assertEquals(1, replaced.size());
                assertEquals("6012", replaced.get(0).get("LimitPrice").asText());
                assertEquals(1, desk.tradestationBodies("DELETE", "/v3/orderexecution/orders/").size());
                assertEquals(4, db.count("SELECT count(*) FROM copy_orders WHERE state = 'acked'"));
                assertTrue(db.count("SELECT count(*) FROM copy_orders WHERE attempts > 1") >= 1,
                        "the copy refused with 429 was sent again");
                desk.assertTradeStationRequestsAllowedBySpec();
            }
        }
    }
}
