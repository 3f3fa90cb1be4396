package io.copygate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.testing.Fixtures;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** TradingView alerts through the real routes into PostgreSQL and the paper broker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TradingViewWebhookTest {
    private static final String URL = "/webhooks/tradingview/" + Fixtures.TOKEN;
    private TestDatabase db;
    private TestGateway gw;

    @BeforeAll
    void start() {
        db = TestDatabase.postgres();
        gw = TestGateway.start(db, Fixtures.fourFollowers(), Map.of());
    }

    @AfterAll
    void stop() {
        gw.close();
        db.close();
    }

    private String accepted(String body) {
        TestGateway.Reply r = gw.post(URL, body, "application/json");
        assertEquals(202, r.status(), r.body());
        return r.json().get("signalId").asText();
    }

    private List<Map<String, Object>> orders(String signalId) {
        return db.rows("SELECT follower_account_id, side, quantity, order_type, limit_price, stop_price, stop_loss, "
                + "take_profit, state, intent FROM copy_orders WHERE signal_id = ? "
                + "AND NOT (intent = 'PLACE' AND target_order_id IS NOT NULL) "   // not the bracket legs the gateway adds
                + "ORDER BY follower_account_id", signalId);
    }

    private void awaitDelivered(String signalId) {
        db.awaitDelivered(signalId);
    }

    @Test
    void marketBuyIsSizedPerLinkAndPausedOrFilteredFollowersAreRecordedSkips() {
        String id = accepted("{\"ticker\":\"CME_MINI:ES1!\",\"action\":\"buy\",\"sentiment\":\"long\",\"quantity\":2,\"price\":6000.25}");
        awaitDelivered(id);
        List<Map<String, Object>> orders = orders(id);
        assertEquals(2, orders.size(), orders.toString());
        assertEquals("f1", orders.get(0).get("follower_account_id"));
        assertEquals(new BigDecimal("2"), orders.get(0).get("quantity"));
        assertEquals("f2", orders.get(1).get("follower_account_id"));
        assertEquals(new BigDecimal("5"), orders.get(1).get("quantity"), "2 × 3 = 6, capped at maxQuantity 5");
        assertTrue(orders.stream().allMatch(o -> "acked".equals(o.get("state"))), orders.toString());

        JsonNode signal = gw.get("/api/signals/" + id).json();
        assertEquals("ORDER_NEW", signal.get("kind").asText());
        assertTrue(signal.get("instrument").asText().matches("ESZ26|ESH27"), "ES1! resolved to a contract month");
        Map<String, String> skips = new java.util.TreeMap<>();
        signal.get("skips").forEach(s -> skips.put(s.get("followerAccount").asText(), s.get("reasonCode").asText()));
        assertEquals(Map.of("f3", "LINK_PAUSED", "f4", "SYMBOL_DENIED"), skips);
        signal.get("skips").forEach(s -> assertFalse(s.get("reason").asText().isBlank()));

        // the paper broker filled both at the master's price
        List<Map<String, Object>> fills = db.rows("SELECT account_id, quantity, price FROM fills WHERE copy_order_id IN "
                + "(SELECT id FROM copy_orders WHERE signal_id = ?) ORDER BY account_id", id);
        assertEquals(2, fills.size());
        assertEquals(new BigDecimal("6000.25"), fills.get(0).get("price"));

        // the reporting views answer on PostgreSQL too
        assertEquals(2, db.count("SELECT count(*) FROM copy_latency WHERE signal_id = ? AND received_to_acked_ms >= 0", id));
        assertEquals(2, db.count("SELECT count(*) FROM trade_history WHERE signal_id = ?", id));
    }

    static Stream<Arguments> traderspostPayloads() {
        return Stream.of(
                Arguments.of("{\"ticker\":\"NQ1!\",\"action\":\"sell\",\"sentiment\":\"short\",\"quantity\":1,\"price\":21000}",
                        "ORDER_NEW", "SELL", "MARKET", null, null),
                Arguments.of("{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"sentiment\":\"bullish\",\"orderType\":\"limit\",\"limitPrice\":20900,\"quantity\":1}",
                        "ORDER_NEW", "BUY", "LIMIT", "20900", null),
                Arguments.of("{\"ticker\":\"NQ1!\",\"action\":\"sell\",\"sentiment\":\"bearish\",\"orderType\":\"stop\",\"stopPrice\":20800,\"quantity\":1}",
                        "ORDER_NEW", "SELL", "STOP", null, "20800"),
                Arguments.of("{\"ticker\":\"NQ1!\",\"action\":\"buy\",\"orderType\":\"stop_limit\",\"stopPrice\":21100,\"limitPrice\":21110,\"quantity\":1,\"timeInForce\":\"gtc\"}",
                        "ORDER_NEW", "BUY", "STOP_LIMIT", "21110", "21100"),
                Arguments.of("{\"ticker\":\"NQ1!\",\"action\":\"add\",\"sentiment\":\"long\",\"quantity\":1,\"price\":21000}",
                        "ORDER_NEW", "BUY", "MARKET", null, null),
                Arguments.of("{\"ticker\":\"NQ1!\",\"action\":\"add\",\"sentiment\":\"short\",\"quantity\":1,\"price\":21000}",
                        "ORDER_NEW", "SELL", "MARKET", null, null),
                Arguments.of("{\"ticker\":\"NQ1!\",\"action\":\"sell\",\"sentiment\":\"flat\",\"price\":21000}",
                        "POSITION_TARGET", "SELL", null, null, null),
                Arguments.of("{\"ticker\":\"NQ1!\",\"action\":\"exit\",\"price\":21000}", "POSITION_TARGET", null, null, null, null),
                Arguments.of("{\"ticker\":\"NQ1!\",\"action\":\"cancel\"}", "ORDER_CANCEL", null, null, null, null));
    }

    @ParameterizedTest
    @MethodSource("traderspostPayloads")
    void everyActionSentimentAndOrderTypeBecomesTheRightSignal(String body, String kind, String side, String type,
                                                              String limit, String stop) {
        String id = accepted(body);
        Map<String, Object> s = db.rows("SELECT kind, side, order_type, limit_price, stop_price FROM signals WHERE id = ?", id).get(0);
        assertEquals(kind, s.get("kind"));
        assertEquals(side, s.get("side"));
        assertEquals(type, s.get("order_type"));
        assertEquals(limit == null ? null : new BigDecimal(limit), s.get("limit_price"));
        assertEquals(stop == null ? null : new BigDecimal(stop), s.get("stop_price"));
    }

    @Test
    void limitOrderWorksUntilALaterPriceCrossesItThenCancelReachesOnlyWorkingCopies() {
        String entry = accepted("{\"ticker\":\"MSFT\",\"action\":\"buy\",\"orderType\":\"limit\",\"limitPrice\":400,\"quantity\":1,\"price\":410}");
        awaitDelivered(entry);
        // f1, f2 and f4 copy MSFT (f4 only denies ES); f3's link is paused
        assertEquals(List.of("working", "working", "working"), db.rows("SELECT status FROM paper_orders WHERE client_order_id IN "
                + "(SELECT id FROM copy_orders WHERE signal_id = ?)", entry).stream().map(r -> r.get("status")).toList());

        String cancel = accepted("{\"ticker\":\"MSFT\",\"action\":\"cancel\"}");
        awaitDelivered(cancel);
        assertEquals(3, db.count("SELECT count(*) FROM copy_orders WHERE signal_id = ? AND intent = 'CANCEL' AND state = 'acked'", cancel));
        assertEquals(3, db.count("SELECT count(*) FROM paper_orders WHERE status = 'cancelled' AND client_order_id IN "
                + "(SELECT id FROM copy_orders WHERE signal_id = ?)", entry));

        // the same alert again within the dedupe window would be a repeat; the strategy's own id tells it apart
        String second = accepted("{\"ticker\":\"MSFT\",\"action\":\"buy\",\"orderType\":\"limit\",\"limitPrice\":400,\"quantity\":1,\"price\":410,\"id\":\"msft-2\"}");
        awaitDelivered(second);
        String crossing = accepted("{\"ticker\":\"MSFT\",\"action\":\"sell\",\"quantity\":1,\"price\":399.5}");
        awaitDelivered(crossing);
        gw.await("the working limit fills when 399.5 crosses 400", Duration.ofSeconds(5), () ->
                db.count("SELECT count(*) FROM paper_orders WHERE status = 'filled' AND average_price = 399.5 AND client_order_id IN "
                        + "(SELECT id FROM copy_orders WHERE signal_id = ?)", second) == 3);
    }

    @Test
    void flatExitClosesExactlyTheFollowersPositionAndSkipsFollowersWithout() {
        String entry = accepted("{\"ticker\":\"AMD\",\"action\":\"buy\",\"quantity\":3,\"price\":150}");
        awaitDelivered(entry);
        gw.await("positions", Duration.ofSeconds(5), () ->
                db.count("SELECT count(*) FROM positions WHERE symbol = 'AMD' AND quantity > 0") == 3);

        String exit = accepted("{\"ticker\":\"AMD\",\"action\":\"sell\",\"sentiment\":\"flat\",\"price\":155}");
        awaitDelivered(exit);
        List<Map<String, Object>> orders = orders(exit);
        // f1 holds 3, f2 holds 5 (3 × 3 capped), f4 holds 3 (its deny list is ES only)
        assertEquals(List.of(new BigDecimal("3"), new BigDecimal("5"), new BigDecimal("3")),
                orders.stream().map(o -> o.get("quantity")).toList());
        assertTrue(orders.stream().allMatch(o -> "SELL".equals(o.get("side"))));
        gw.await("flat after the exit", Duration.ofSeconds(5), () ->
                db.count("SELECT count(*) FROM positions WHERE symbol = 'AMD' AND quantity <> 0") == 0);
        assertEquals(0, new BigDecimal("5").multiply(new BigDecimal("5")).compareTo(
                (BigDecimal) db.rows("SELECT realized_pnl FROM positions WHERE account_id = 'f2' AND symbol = 'AMD'").get(0).get("realized_pnl")),
                "f2 realized 5 shares × $5");

        String again = accepted("{\"ticker\":\"AMD\",\"action\":\"exit\",\"price\":155}");
        assertEquals(0, orders(again).size(), "nobody holds AMD: an exit places nothing");
        assertEquals(3, db.count("SELECT count(*) FROM copy_skips WHERE signal_id = ? AND reason_code = 'NO_POSITION'", again));
    }

    @Test
    void bracketInPercentIsResolvedAgainstThePriceAndRunsAsOcoLegsAfterTheFill() {
        String id = accepted("{\"ticker\":\"AAPL\",\"action\":\"buy\",\"quantity\":1,\"signalPrice\":200,"
                + "\"takeProfit\":{\"percent\":10},\"stopLoss\":{\"type\":\"stop\",\"percent\":5}}");
        awaitDelivered(id);
        Map<String, Object> o = orders(id).get(0);
        assertEquals(0, new BigDecimal("190").compareTo((BigDecimal) o.get("stop_loss")));
        assertEquals(0, new BigDecimal("220").compareTo((BigDecimal) o.get("take_profit")));
        String f1Entry = (String) db.rows("SELECT id FROM copy_orders WHERE signal_id = ? AND follower_account_id = 'f1' "
                + "AND target_order_id IS NULL", id).get(0).get("id");
        // the gateway places the legs (copy orders targeting the entry) once the paper entry has filled
        gw.await("bracket legs working after the entry fill", Duration.ofSeconds(5), () ->
                db.count("SELECT count(*) FROM paper_orders WHERE oco_group = ? AND status = 'working'", f1Entry) == 2);
        String tp = (String) db.rows("SELECT id FROM copy_orders WHERE target_order_id = ? AND order_type = 'LIMIT'", f1Entry).get(0).get("id");
        String sl = (String) db.rows("SELECT id FROM copy_orders WHERE target_order_id = ? AND order_type = 'STOP'", f1Entry).get(0).get("id");
        assertEquals(200, gw.post("/api/paper/quotes", "{\"symbol\":\"AAPL\",\"price\":221}", "application/json").status());
        gw.await("take-profit filled, stop-loss cancelled", Duration.ofSeconds(5), () ->
                db.count("SELECT count(*) FROM paper_orders WHERE client_order_id = ? AND status = 'filled'", tp) == 1
                        && db.count("SELECT count(*) FROM paper_orders WHERE client_order_id = ? AND status = 'cancelled'", sl) == 1);
    }

    @Test
    void atiTextPlacesChangesAndClosesAndNeverKeepsTheKey() {
        String place = gw.post(URL, "key=my-crosstrade-secret; command=PLACE; account=Sim101; instrument=YM 03-27; action=BUY; "
                + "qty=1; order_type=LIMIT; limit_price=45000; tif=GTC; order_id=ati-1;", "text/plain").json().get("signalId").asText();
        awaitDelivered(place);
        Map<String, Object> s = db.rows("SELECT kind, symbol, side, order_type, time_in_force, raw FROM signals WHERE id = ?", place).get(0);
        assertEquals("ORDER_NEW", s.get("kind"));
        assertEquals("YMH27", s.get("symbol"));
        assertEquals("GTC", s.get("time_in_force"));
        assertFalse(((String) s.get("raw")).contains("my-crosstrade-secret"), "the ATI key must not be stored");

        TestGateway.Reply change = gw.post(URL, "command=CHANGE; instrument=YM 03-27; order_id=ati-1; limit_price=44900; id=ati-1-change;", "text/plain");
        assertEquals(202, change.status(), change.body());
        String changeId = change.json().get("signalId").asText();
        awaitDelivered(changeId);
        assertEquals(3, db.count("SELECT count(*) FROM paper_orders WHERE limit_price = 44900 AND status = 'working' AND client_order_id IN "
                + "(SELECT id FROM copy_orders WHERE signal_id = ?)", place));

        String cancel = gw.post(URL, "command=CANCEL; instrument=YM 03-27; order_id=ati-1;", "text/plain").json().get("signalId").asText();
        awaitDelivered(cancel);
        assertEquals(3, db.count("SELECT count(*) FROM paper_orders WHERE status = 'cancelled' AND client_order_id IN "
                + "(SELECT id FROM copy_orders WHERE signal_id = ?)", place));
    }

    @Test
    void repeatedAlertsPlaceNothing() {
        String body = "{\"ticker\":\"TSLA\",\"action\":\"buy\",\"quantity\":1,\"price\":300,\"id\":\"strategy-42-bar-7\"}";
        String first = accepted(body);
        TestGateway.Reply again = gw.post(URL, body, "application/json");
        assertEquals(200, again.status());
        assertEquals(first, again.json().get("signalId").asText());
        assertTrue(again.json().get("duplicate").asBoolean());

        // without an id, the same body within the window is a repeat; another body is not
        String noId = "{\"ticker\":\"TSLA\",\"action\":\"sell\",\"quantity\":1,\"price\":301}";
        String a = accepted(noId);
        TestGateway.Reply b = gw.post(URL, noId, "application/json");
        assertEquals(200, b.status());
        assertEquals(a, b.json().get("signalId").asText());
        accepted("{\"ticker\":\"TSLA\",\"action\":\"sell\",\"quantity\":2,\"price\":301}");

        awaitDelivered(first);
        awaitDelivered(a);
        assertEquals(3, db.count("SELECT count(*) FROM paper_orders WHERE client_order_id IN (SELECT id FROM copy_orders WHERE signal_id = ?)", first),
                "one paper order per copying follower (f1, f2, f4), none for the repeat");
        assertEquals(1, db.count("SELECT count(*) FROM signals WHERE source_event_id = 'strategy-42-bar-7'"));
    }

    @Test
    void identicalAlertsArrivingTogetherAreJournaledOnceAndDifferentOnesAllAre() throws Exception {
        String same = "{\"ticker\":\"INTC\",\"action\":\"buy\",\"quantity\":1,\"price\":120}";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<TestGateway.Reply>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(pool.submit(() -> gw.post(URL, same, "application/json")));
                String other = "{\"ticker\":\"QCOM\",\"action\":\"buy\",\"quantity\":" + (i + 1) + ",\"price\":150}";
                replies.add(pool.submit(() -> gw.post(URL, other, "application/json")));
            }
            java.util.Set<String> sameIds = new java.util.HashSet<>();
            for (int i = 0; i < replies.size(); i++) {
                TestGateway.Reply r = replies.get(i).get();
                assertTrue(r.status() == 202 || r.status() == 200, "status " + r.status());
                if (i % 2 == 0) {
                    sameIds.add(r.json().get("signalId").asText());
                } else {
                    assertEquals(202, r.status(), "a different body is never a repeat");
                }
            }
            assertEquals(1, sameIds.size(), "every identical alert answered with the one journaled signal");
        } finally {
            pool.shutdown();
        }
        assertEquals(1, db.count("SELECT count(*) FROM signals WHERE symbol = 'INTC'"));
        assertEquals(8, db.count("SELECT count(*) FROM signals WHERE symbol = 'QCOM'"));
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"buy\"", "application/json", 400, null),
                Arguments.of("", "application/json", 400, null),
                Arguments.of("{\"ticker\":\"ES@@1\",\"action\":\"buy\"}", "application/json", 422, "ticker"),
                Arguments.of("{\"action\":\"buy\"}", "application/json", 422, "ticker"),
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":-2}", "application/json", 422, "quantity"),
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":0}", "application/json", 422, "quantity"),
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":\"two\"}", "application/json", 422, "quantity"),
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"teleport\"}", "application/json", 422, "action"),
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"buy\",\"orderType\":\"trailing_stop\"}", "application/json", 422, "orderType"),
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"buy\",\"orderType\":\"limit\"}", "application/json", 422, "limitPrice"),
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"buy\",\"sentiment\":\"sideways\"}", "application/json", 422, "sentiment"),
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"buy\",\"position_size\":2,\"orderType\":\"limit\",\"limitPrice\":6000}", "application/json", 422, "orderType"),
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"sell\",\"sentiment\":\"flat\",\"position_size\":-2}", "application/json", 422, "position_size"),
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"buy\",\"position_size\":\"two\"}", "application/json", 422, "position_size"),
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"buy\",\"stopLoss\":{\"percent\":5}}", "application/json", 422, "stopLoss"),
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"buy\",\"timeInForce\":\"forever\"}", "application/json", 422, "timeInForce"),
                Arguments.of("{\"ticker\":\"ZZ1!\",\"action\":\"buy\"}", "application/json", 422, "ticker"),
                Arguments.of("command=TELEPORT; instrument=ES 12-26;", "text/plain", 422, "command"),
                Arguments.of("command=PLACE; instrument=ES 12-26; action=BUY; qty=1.5;", "text/plain", 422, "qty"),
                Arguments.of("command=PLACE; instrument=ES 12-26; action=HOLD; qty=1;", "text/plain", 422, "action"),
                Arguments.of("{\"ticker\":\"AAPL\",\"action\":\"buy\",\"pad\":\"" + "x".repeat(70_000) + "\"}", "application/json", 413, "body"),
                // curl's default content type must not make the gateway drop the connection
                Arguments.of("{\"ticker\":\"ES1!\",\"action\":\"buy\",\"quantity\":-1}", "application/x-www-form-urlencoded", 422, "quantity"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputGetsAClearErrorAndWritesNothing(String body, String contentType, int status, String field) {
        long signals = db.count("SELECT count(*) FROM signals");
        long orders = db.count("SELECT count(*) FROM copy_orders");
        TestGateway.Reply r = gw.post(URL, body, contentType);
        assertEquals(status, r.status(), r.body());
        JsonNode error = r.json();
        assertFalse(error.get("error").asText().isBlank());
        assertEquals(field, error.get("field").isNull() ? null : error.get("field").asText(), error.toString());
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), "no stack trace: " + r.body());
        assertEquals(signals, db.count("SELECT count(*) FROM signals"));
        assertEquals(orders, db.count("SELECT count(*) FROM copy_orders"));
    }

    @Test
    void unknownTokenLooksLikeAWrongPathAndAllowlistRefusesOtherAddresses() {
        long signals = db.count("SELECT count(*) FROM signals");
        TestGateway.Reply unknown = gw.post("/webhooks/tradingview/not-a-token", "{\"ticker\":\"ES1!\",\"action\":\"buy\"}", "application/json");
        TestGateway.Reply wrongPath = gw.post("/webhooks/nowhere/at-all", "{\"ticker\":\"ES1!\",\"action\":\"buy\"}", "application/json");
        assertEquals(404, unknown.status());
        assertEquals(wrongPath.status(), unknown.status());
        assertEquals(wrongPath.body(), unknown.body(), "an unknown token must be indistinguishable from a wrong path");
        assertEquals(wrongPath.headers().map().keySet(), unknown.headers().map().keySet());
        assertEquals(wrongPath.header("content-type"), unknown.header("content-type"));

        TestGateway.Reply restricted = gw.post("/webhooks/tradingview/" + Fixtures.RESTRICTED_TOKEN,
                "{\"ticker\":\"ES1!\",\"action\":\"buy\"}", "application/json");
        assertEquals(403, restricted.status(), restricted.body());
        assertEquals(signals, db.count("SELECT count(*) FROM signals"));
    }
}
