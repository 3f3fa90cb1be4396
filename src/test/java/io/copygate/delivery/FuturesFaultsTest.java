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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Faults end to end, through the real gateway: the master's TradeStation stream drops mid-burst, the
 * Tradovate follower's token expires, Tradovate hands out a penalty ticket, and a follower's credentials
 * are wrong. Every master order reaches the working followers exactly once.
 */
class FuturesFaultsTest {

    private static String gatewayYaml(FuturesDesk desk) {
        return "tenants: [{id: t1}]\naccounts:\n"
                + desk.tradestationAccount("ts-master", FuturesDesk.TS_MASTER)
                + desk.tradovateAccount("tv-follower", FuturesDesk.TV_FOLLOWER, "PATH")
                // the same user and account with the wrong password (HOME instead of PATH): Tradovate refuses the login
                + desk.tradovateAccount("tv-wrong", FuturesDesk.TV_FOLLOWER, "HOME")
                + """
                  - {id: paper-follower, tenant: t1, broker: paper}
                links:
                  - {id: l-tv, tenant: t1, master: ts-master, follower: tv-follower}
                  - {id: l-wrong, tenant: t1, master: ts-master, follower: tv-wrong}
                  - {id: l-paper, tenant: t1, master: ts-master, follower: paper-follower}
                paper:
                  quotes: {ESZ25: 6000}
                """;
    }

    private static String marketBuy(FuturesDesk desk) {
        return desk.tradestation.humanPlaceOrder(FuturesDesk.TS_MASTER, "BUY", "ESZ25", 1, "Market", null, null);
    }

    private static long copiedTo(TestDatabase db, String follower) {
        return db.count("SELECT count(*) FROM copy_orders WHERE follower_account_id = ? AND state = 'acked'", follower);
    }

    @Test
    void streamDropsMidBurstAreFilledByThePollerAndTheReconnectExactlyOnce() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); FuturesDesk desk = new FuturesDesk()) {
            desk.tradestation.setPrice("ESZ25", new BigDecimal("6000"));
            desk.tradovate.setPrice("ESZ5", new BigDecimal("6000"));
            desk.feedRoute("ts-master");
            try (TestGateway gw = desk.start(db, gatewayYaml(desk))) {
                await("the stream to be open", () -> desk.tradestation.openStreams() == 1);
                // GoAway after two events of a burst of three orders: the feed reconnects, the snapshot fills the gap
                desk.tradestation.goAwayAfterEvents(2);
                for (int i = 0; i < 3; i++) {
                    marketBuy(desk);
                }
                await("the first burst copied", () -> copiedTo(db, "tv-follower") == 3);

                // the stream is cut and stays refused: the poller copies the next burst
                desk.tradestation.refuseStreams(true);
                desk.tradestation.cutStreams();
                await("the stream to be down", () -> desk.tradestation.openStreams() == 0);
                marketBuy(desk);
                marketBuy(desk);
                await("the poller's burst copied", () -> copiedTo(db, "tv-follower") == 5);
                desk.tradestation.refuseStreams(false);
                await("the stream to be back", () -> desk.tradestation.openStreams() == 1);

                // the connection is cut in the middle of a burst (no GoAway): reconnect with backoff, snapshot
                desk.tradestation.cutAfterEvents(1);
                for (int i = 0; i < 3; i++) {
                    marketBuy(desk);
                }
                await("the third burst copied", () -> copiedTo(db, "tv-follower") == 8);
                marketBuy(desk);
                await("a last order copied", () -> copiedTo(db, "tv-follower") == 9);

                assertEquals(9, db.count("SELECT count(*) FROM signals WHERE kind = 'ORDER_NEW'"));
                assertEquals(9, db.count("SELECT count(*) FROM signals WHERE kind = 'FILL'"));
                assertEquals(9, copiedTo(db, "paper-follower"));
                List<JsonNode> placed = json(desk.tradovateBodies("/v1/order/placeorder"));
                assertEquals(9, placed.size(), "each master order placed once at Tradovate");
                assertEquals(9, placed.stream().map(p -> p.get("clOrdId").asText()).distinct().count());
                assertEquals(9, desk.tradovate.netPosition(FuturesDesk.TV_FOLLOWER, "ESZ5"));
                assertTrue(desk.tradestationBodies("GET", "/v3/brokerage/accounts/" + FuturesDesk.TS_MASTER + "/orders")
                        .size() >= 1, "the poller read the orders while the stream was down");
                desk.assertTradeStationRequestsAllowedBySpec();
            }
        }
    }

    @Test
    void tokenExpiryPenaltyTicketAndWrongCredentialsLoseNothingAndStopOnlyTheBrokenFollower() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); FuturesDesk desk = new FuturesDesk()) {
            desk.tradestation.setPrice("ESZ25", new BigDecimal("6000"));
            desk.tradovate.setPrice("ESZ5", new BigDecimal("6000"));
            desk.feedRoute("ts-master");
            try (TestGateway gw = desk.start(db, gatewayYaml(desk))) {
                marketBuy(desk);
                await("the first order copied to the working followers", () ->
                        copiedTo(db, "tv-follower") == 1 && copiedTo(db, "paper-follower") == 1);
                await("the follower with wrong credentials marked failed", () ->
                        db.count("SELECT count(*) FROM accounts WHERE id = 'tv-wrong' AND status = 'failed'") == 1);
                Map<String, Object> wrong = db.rows("SELECT status_reason FROM accounts WHERE id = 'tv-wrong'").get(0);
                String reason = String.valueOf(wrong.get("status_reason"));
                assertTrue(reason.contains("Tradovate login") && reason.contains("refused"), reason);
                // the user name may be named; the API secret (PATH here) never is
                assertTrue(!reason.contains(FuturesDesk.PATH), "no secret in " + reason);

                // the Tradovate token expires mid-run: renewed (or logged in again), the order placed once
                desk.tradovate.expireTokens();
                marketBuy(desk);
                await("the order after the expiry copied", () -> copiedTo(db, "tv-follower") == 2);

                // a penalty ticket on the next POST: waited out, resent with the ticket, placed once
                desk.tradovate.penalizeNext(1, 1, false);
                marketBuy(desk);
                await("the order after the penalty copied", () -> copiedTo(db, "tv-follower") == 3);
                List<JsonNode> placed = json(desk.tradovateBodies("/v1/order/placeorder"));
                assertTrue(placed.stream().anyMatch(p -> p.has("p-ticket")), "resent with the penalty ticket");

                await("the later orders skip the failed follower", () -> db.count(
                        "SELECT count(*) FROM copy_skips k JOIN signals s ON s.id = k.signal_id "
                                + "WHERE k.follower_account_id = 'tv-wrong' AND s.kind = 'ORDER_NEW' "
                                + "AND k.reason_code = 'ACCOUNT_NOT_ACTIVE'") == 2);
                assertEquals(3, copiedTo(db, "paper-follower"));
                assertEquals(3, desk.tradovate.orders(FuturesDesk.TV_FOLLOWER).size(), "each order once at Tradovate");
                assertEquals(3, desk.tradovate.netPosition(FuturesDesk.TV_FOLLOWER, "ESZ5"));
                assertEquals(0, db.count("SELECT count(*) FROM copy_orders WHERE follower_account_id = 'tv-wrong' "
                        + "AND state = 'acked'"));
            }
        }
    }

    @Test
    void aRefreshTokenTradeStationRotatedSurvivesAGatewayRestart() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); FuturesDesk desk = new FuturesDesk()) {
            desk.tradestation.setPrice("ESZ25", new BigDecimal("6000"));
            desk.tradestation.rotateRefreshTokens(true); // every refresh retires the token it used
            desk.feedRoute("ts-master");
            String yaml = "tenants: [{id: t1}]\naccounts:\n"
                    + desk.tradestationAccount("ts-master", FuturesDesk.TS_MASTER)
                    + """
                      - {id: paper-follower, tenant: t1, broker: paper}
                    links:
                      - {id: l-paper, tenant: t1, master: ts-master, follower: paper-follower}
                    paper:
                      quotes: {ESZ25: 6000}
                    """;
            // one master key across both starts, as in production (each test gateway would make its own);
            // a refresh answer lost to the tests' short request timeout would strand the rotation (see the doc)
            Map<String, String> sameKey = Map.of("copygate.master-key-file",
                    java.nio.file.Files.createTempDirectory("futures-key").resolve("master.key").toString(),
                    "copygate.broker.request-timeout-ms", "5000");
            try (TestGateway gw = desk.start(db, yaml, sameKey)) {
                marketBuy(desk);
                await("copied before the restart", () -> copiedTo(db, "paper-follower") == 1);
            }
            // the token in the environment (PATH) is retired now; the stored rotated one must be used
            try (TestGateway gw = desk.start(db, yaml, sameKey)) {
                marketBuy(desk);
                await("copied after the restart", () -> copiedTo(db, "paper-follower") == 2);
                assertEquals(0, db.count("SELECT count(*) FROM accounts WHERE status <> 'active'"));
            }
        }
    }
}
