package io.copygate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.copy.InstrumentCatalog;
import io.copygate.signal.Instrument;
import io.copygate.testing.Await;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The headline flow through the real gateway: a trader works a TradeStation account by hand; its order
 * stream is a source made of one YAML file; every order is copied once to a Tradovate follower (in
 * Tradovate's symbols) and to a paper follower (standing in for NinjaTrader until the add-on lands).
 */
class FuturesHeadlineFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static String gatewayYaml(FuturesDesk desk) {
        return "tenants: [{id: t1}]\naccounts:\n"
                + desk.tradestationAccount("ts-master", FuturesDesk.TS_MASTER)
                + desk.tradovateAccount("tv-follower", FuturesDesk.TV_FOLLOWER, "PATH")
                + """
                  - {id: paper-follower, tenant: t1, broker: paper}
                links:
                  - {id: l-tv, tenant: t1, master: ts-master, follower: tv-follower}
                  - {id: l-paper, tenant: t1, master: ts-master, follower: paper-follower, rules: {multiplier: 2}}
                paper:
                  quotes: {ESZ25: 6000}
                """;
    }

    @Test
    void tradeStationMasterIsCopiedOnceToTradovateAndPaperInEachBrokersSymbols() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); FuturesDesk desk = new FuturesDesk()) {
            desk.tradestation.setPrice("ESZ25", new BigDecimal("6000"));
            desk.tradovate.setPrice("ESZ5", new BigDecimal("6000"));
            desk.feedRoute("ts-master");
            try (TestGateway gw = desk.start(db, gatewayYaml(desk))) {
                // a market order, filled at once
                desk.tradestation.humanPlaceOrder(FuturesDesk.TS_MASTER, "BUY", "ESZ25", 1, "Market", null, null);
                await("the market order copied to both", () -> acked(db, "PLACE") == 2);

                // a limit order, changed, then cancelled
                String limit = desk.tradestation.humanPlaceOrder(FuturesDesk.TS_MASTER, "BUY", "ESZ25", 2, "Limit",
                        new BigDecimal("5990.25"), null);
                await("the limit order copied to both", () -> acked(db, "PLACE") == 4);
                desk.tradestation.humanReplaceOrder(limit, null, new BigDecimal("5991.50"), null);
                await("the change copied as a modify of both working copies", () -> acked(db, "MODIFY") == 2);
                desk.tradestation.humanCancelOrder(limit);
                await("the cancel copied to both", () -> acked(db, "CANCEL") == 2);

                // a last order: once it is copied, anything the feed repeated before it would be in the tables
                desk.tradestation.humanPlaceOrder(FuturesDesk.TS_MASTER, "SELL", "ESZ25", 1, "Market", null, null);
                await("the last order copied", () -> acked(db, "PLACE") == 6);

                assertEquals(List.of("FILL", "FILL", "ORDER_CANCEL", "ORDER_MODIFY", "ORDER_NEW", "ORDER_NEW",
                        "ORDER_NEW"), db.rows("SELECT kind FROM signals WHERE source = 'tradestation' ORDER BY kind")
                        .stream().map(r -> (String) r.get("kind")).toList(), "one signal per master event");
                assertEquals(List.of("ESZ25"), db.rows("SELECT DISTINCT symbol FROM signals").stream()
                        .map(r -> r.get("symbol")).toList(), "TradeStation's ESZ25 is canonical ESZ25");
                assertEquals(0, db.count("SELECT count(*) FROM copy_orders WHERE state <> 'acked'"));
                assertEquals(10, db.count("SELECT count(*) FROM copy_orders"), "3 places, a modify and a cancel per follower: "
                        + db.rows("SELECT follower_account_id, intent, state FROM copy_orders"));

                // what Tradovate received: each order once, in Tradovate's symbol, sized 1:1
                List<JsonNode> placed = json(desk.tradovateBodies("/v1/order/placeorder"));
                assertEquals(3, placed.size(), placed.toString());
                assertTrue(placed.stream().allMatch(p -> p.get("symbol").asText().equals("ESZ5")), placed.toString());
                assertTrue(placed.stream().allMatch(p -> p.get("accountSpec").asText().equals(FuturesDesk.TV_FOLLOWER)));
                assertTrue(placed.stream().allMatch(p -> p.get("isAutomated").asBoolean()));
                assertEquals(List.of("Buy Market 1", "Buy Limit 2", "Sell Market 1"), placed.stream()
                        .map(p -> p.get("action").asText() + " " + p.get("orderType").asText() + " "
                                + p.get("orderQty").asText()).toList());
                assertEquals(0, new BigDecimal("5990.25").compareTo(placed.get(1).get("price").decimalValue()));
                assertEquals(3, placed.stream().map(p -> p.get("clOrdId").asText()).distinct().count());
                List<JsonNode> modified = json(desk.tradovateBodies("/v1/order/modifyorder"));
                assertEquals(1, modified.size(), modified.toString());
                assertEquals(0, new BigDecimal("5991.50").compareTo(modified.get(0).get("price").decimalValue()),
                        modified.toString());
                assertEquals(1, desk.tradovateBodies("/v1/order/cancelorder").size());
                List<JsonNode> tvOrders = desk.tradovate.orders(FuturesDesk.TV_FOLLOWER);
                assertEquals(List.of("Canceled", "Filled", "Filled"), tvOrders.stream()
                        .map(o -> o.get("ordStatus").asText()).sorted().toList());
                assertEquals(0, desk.tradovate.netPosition(FuturesDesk.TV_FOLLOWER, "ESZ5"), "bought 1, sold 1");

                // the paper follower (×2): canonical symbol, the limit modified then cancelled
                assertEquals(List.of("ESZ25 BUY MARKET 2 filled", "ESZ25 BUY LIMIT 4 cancelled",
                        "ESZ25 SELL MARKET 2 filled"), db.rows("SELECT symbol, side, order_type, quantity, status "
                        + "FROM paper_orders WHERE account_id = 'paper-follower' ORDER BY created_at").stream()
                        .map(r -> r.get("symbol") + " " + r.get("side") + " " + r.get("order_type") + " "
                                + ((BigDecimal) r.get("quantity")).stripTrailingZeros().toPlainString() + " "
                                + r.get("status")).toList());
                assertEquals(new BigDecimal("5991.5"), ((BigDecimal) db.rows("SELECT limit_price FROM paper_orders "
                        + "WHERE order_type = 'LIMIT'").get(0).get("limit_price")).stripTrailingZeros());
                // TradeStation saw no order from copygate: the master is only read
                assertEquals(0, desk.tradestationBodies("POST", "/v3/orderexecution").size());
            }
        }
    }

    @Test
    void ordersTheMasterPlacedBeforeTheGatewayStartedAreLearnedNotCopied() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); FuturesDesk desk = new FuturesDesk()) {
            desk.tradestation.setPrice("ESZ25", new BigDecimal("6000"));
            desk.tradovate.setPrice("ESZ5", new BigDecimal("6000"));
            desk.feedRoute("ts-master");
            // earlier that day: a filled market order, a limit still working, a limit cancelled
            desk.tradestation.advanceTime(Duration.ofHours(-2));
            desk.tradestation.humanPlaceOrder(FuturesDesk.TS_MASTER, "BUY", "ESZ25", 1, "Market", null, null);
            String working = desk.tradestation.humanPlaceOrder(FuturesDesk.TS_MASTER, "BUY", "ESZ25", 1, "Limit",
                    new BigDecimal("5950"), null);
            String cancelled = desk.tradestation.humanPlaceOrder(FuturesDesk.TS_MASTER, "SELL", "ESZ25", 1, "Limit",
                    new BigDecimal("6050"), null);
            desk.tradestation.humanCancelOrder(cancelled);
            desk.tradestation.advanceTime(Duration.ofHours(2));

            try (TestGateway gw = desk.start(db, gatewayYaml(desk))) {
                desk.tradestation.humanPlaceOrder(FuturesDesk.TS_MASTER, "SELL", "ESZ25", 1, "Market", null, null);
                await("the new trade copied", () -> acked(db, "PLACE") == 2);
                // the earlier working order is known: its later change is a signal (with nothing to change)
                desk.tradestation.humanReplaceOrder(working, null, new BigDecimal("5955"), null);
                await("the change of the earlier order journaled", () ->
                        db.count("SELECT count(*) FROM signals WHERE kind = 'ORDER_MODIFY'") == 1);

                assertEquals(2, db.count("SELECT count(*) FROM copy_orders"), "only the trade after the start: "
                        + db.rows("SELECT follower_account_id, intent, side FROM copy_orders"));
                assertEquals(1, db.count("SELECT count(*) FROM signals WHERE kind = 'ORDER_NEW'"));
                assertEquals(0, db.count("SELECT count(*) FROM copy_orders WHERE side = 'BUY'"));
                assertEquals(1, desk.tradovateBodies("/v1/order/placeorder").size());
                // the earlier cancel is still told (a copy left working while the gateway was down must go),
                // like the later change: neither finds a copy at either follower
                assertEquals(List.of("ORDER_CANCEL NO_WORKING_ORDER", "ORDER_CANCEL NO_WORKING_ORDER",
                        "ORDER_MODIFY NO_WORKING_ORDER", "ORDER_MODIFY NO_WORKING_ORDER"), db.rows(
                        "SELECT s.kind, k.reason_code FROM copy_skips k JOIN signals s ON s.id = k.signal_id "
                                + "ORDER BY s.kind").stream().map(r -> r.get("kind") + " " + r.get("reason_code")).toList());
            }
        }
    }

    @Test
    void tradingViewContinuousAlertReachesTradovateAsTheFrontMonthInTradovatesFormat() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); FuturesDesk desk = new FuturesDesk()) {
            String token = "tv-alert-token-futures";
            String yaml = "tenants: [{id: t1}]\naccounts:\n"
                    + desk.tradovateAccount("tv-follower", FuturesDesk.TV_FOLLOWER, "PATH")
                    + """
                      - id: tv-alerts
                        tenant: t1
                        broker: paper
                        webhookTokens: [{sha256: %s}]
                    links:
                      - {id: l1, tenant: t1, master: tv-alerts, follower: tv-follower}
                    """.formatted(io.copygate.security.WebhookTokens.sha256(token));
            // the front month by the roll schedule in config/instruments.yaml, as of today
            Instrument front = InstrumentCatalog.load(Path.of("config/instruments.yaml"), Clock.systemUTC())
                    .resolve(Instrument.continuous("ES", 1));
            assertTrue(front.symbol().matches("ES[HMUZ]\\d\\d"), front.symbol());
            String tradovateSymbol = "ES" + front.symbol().charAt(2) + front.symbol().charAt(4);
            desk.tradovate.setPrice(tradovateSymbol, new BigDecimal("6000"));
            try (TestGateway gw = desk.start(db, yaml)) {
                TestGateway.Reply r = gw.post("/webhooks/tradingview/" + token,
                        "{\"ticker\":\"CME_MINI:ES1!\",\"action\":\"buy\",\"sentiment\":\"long\",\"quantity\":1,\"price\":6000}",
                        "application/json");
                assertEquals(202, r.status(), r.body());
                await("the copy acked", () -> acked(db, "PLACE") == 1);
                List<JsonNode> placed = json(desk.tradovateBodies("/v1/order/placeorder"));
                assertEquals(1, placed.size());
                assertEquals(tradovateSymbol, placed.get(0).get("symbol").asText());
                assertEquals(front.symbol(), db.rows("SELECT symbol FROM copy_orders").get(0).get("symbol"));
            }
        }
    }

    static long acked(TestDatabase db, String intent) {
        return db.count("SELECT count(*) FROM copy_orders WHERE state = 'acked' AND intent = ?", intent);
    }

    static void await(String what, BooleanSupplier condition) {
        Await.until(what, WAIT, condition);
    }

    static List<JsonNode> json(List<String> bodies) {
        return bodies.stream().map(b -> {
            try {
                return JSON.readTree(b);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + b, e);
            }
        }).toList();
    }
}
