package io.copygate.broker.alpaca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an Alpaca master does by hand reaches its Alpaca followers through the real gateway: a bracket
 * as a bracket, a replace as a replace, a cancel as a cancel, and a burst across a dropped stream
 * exactly once (the catch-up after the reconnect fills the gap; the journal drops what it saw twice).
 * Five followers with a fifth of the master's equity each: they copy a fifth of every quantity.
 */
class AlpacaGatewayOrderFlowTest {
    private static final int FOLLOWERS = 5;
    private static AlpacaGatewayFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = AlpacaGatewayFixture.start(FOLLOWERS, i -> new BigDecimal("20000"), "{\"sizing\": {\"mode\": \"equityRatio\"}}", Map.of());
        f.sandbox.setPrice("AAPL", new BigDecimal("10"));
        f.sandbox.setPrice("MSFT", new BigDecimal("400"));
        f.sandbox.setPrice("NVDA", new BigDecimal("100"));
    }

    @AfterAll
    static void stop() {
        try {
            // everything the gateway sent Alpaca in these flows (orders, brackets, PATCH, DELETE, lookups,
            // account reads, the feed's catch-ups) is a request Alpaca's OpenAPI document allows
            AlpacaTestSupport.assertEveryRequestMatchesSpec(f.sandbox);
        } finally {
            f.close();
        }
    }

    private static List<JsonNode> copiesOf(String follower, String symbol) {
        return f.sandbox.orders(follower).stream().filter(o -> symbol.equals(o.path("symbol").asText())).toList();
    }

    private static BigDecimal d(JsonNode n) {
        return new BigDecimal(n.asText());
    }

    @Test
    void aBracketIsCopiedAsABracket() {
        f.sandbox.placeAsHuman("master", """
                {"symbol":"AAPL","qty":"10","side":"buy","type":"limit","limit_price":"9.5","time_in_force":"gtc",
                 "order_class":"bracket","take_profit":{"limit_price":"12"},"stop_loss":{"stop_price":"8"}}""");
        f.await("every follower holds a copy of the bracket", Duration.ofSeconds(20), () -> {
            for (int i = 1; i <= FOLLOWERS; i++) {
                if (copiesOf("f" + i, "AAPL").isEmpty()) {
                    return false;
                }
            }
            return true;
        });
        for (int i = 1; i <= FOLLOWERS; i++) {
            // the sandbox lists a bracket's exit legs as orders of their own, next to the entry
            List<JsonNode> orders = copiesOf("f" + i, "AAPL");
            assertEquals(3, orders.size(), "f" + i + ": the entry and its two exits, nothing else: " + orders);
            JsonNode copy = orders.stream().filter(o -> o.path("client_order_id").asText().startsWith("cg")).findFirst()
                    .orElseThrow(() -> new AssertionError("no entry under a copy order id: " + orders));
            assertEquals("bracket", copy.path("order_class").asText(), "f" + i + ": " + copy);
            assertEquals(0, new BigDecimal("2").compareTo(d(copy.path("qty"))), "10 × 20,000 / 100,000");
            assertEquals(0, new BigDecimal("9.5").compareTo(d(copy.path("limit_price"))));
            boolean takeProfit = false;
            boolean stopLoss = false;
            for (JsonNode leg : orders) {
                if (leg == copy) {
                    continue;
                }
                assertEquals("bracket", leg.path("order_class").asText());
                assertEquals("held", leg.path("status").asText(), "exits wait for the entry to fill");
                takeProfit |= "limit".equals(leg.path("type").asText()) && new BigDecimal("12").compareTo(d(leg.path("limit_price"))) == 0;
                stopLoss |= "stop".equals(leg.path("type").asText()) && new BigDecimal("8").compareTo(d(leg.path("stop_price"))) == 0;
            }
            assertTrue(takeProfit && stopLoss, "f" + i + " carries the take-profit at 12 and the stop-loss at 8: " + orders);
        }
    }

    @Test
    void aReplaceAndThenACancelOnTheMasterAreCopied() {
        JsonNode master = f.sandbox.placeAsHuman("master",
                "{\"symbol\":\"MSFT\",\"qty\":\"10\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"390\",\"time_in_force\":\"day\"}");
        f.await("copies working", Duration.ofSeconds(20), () -> allFollowers(i -> copiesOf("f" + i, "MSFT").size() == 1));

        JsonNode replacement = f.sandbox.replaceAsHuman("master", master.path("id").asText(), "{\"qty\":\"20\",\"limit_price\":\"391\"}");
        f.await("copies replaced", Duration.ofSeconds(20), () -> allFollowers(i -> copiesOf("f" + i, "MSFT").size() == 2));
        for (int i = 1; i <= FOLLOWERS; i++) {
            List<JsonNode> copies = copiesOf("f" + i, "MSFT");
            JsonNode old = copies.stream().filter(o -> "replaced".equals(o.path("status").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("no replaced copy: " + copies));
            JsonNode now = copies.stream().filter(o -> o != old).findFirst().orElseThrow();
            assertEquals(now.path("id").asText(), old.path("replaced_by").asText());
            assertEquals(0, new BigDecimal("4").compareTo(d(now.path("qty"))), "20 × 0.2");
            assertEquals(0, new BigDecimal("391").compareTo(d(now.path("limit_price"))));
        }

        f.sandbox.cancelAsHuman("master", replacement.path("id").asText());
        f.await("copies canceled", Duration.ofSeconds(20), () -> allFollowers(i -> copiesOf("f" + i, "MSFT").stream()
                .anyMatch(o -> "canceled".equals(o.path("status").asText()))));
        for (int i = 1; i <= FOLLOWERS; i++) {
            assertEquals(2, copiesOf("f" + i, "MSFT").size(), "a cancel places nothing new");
            assertEquals(0, copiesOf("f" + i, "MSFT").stream().filter(o -> List.of("new", "accepted").contains(o.path("status").asText())).count(),
                    "nothing of f" + i + " is still working");
        }
    }

    @Test
    void aBurstAcrossADroppedStreamIsCopiedOnceByTheCatchUp() {
        int burst = 12;
        long catchUpsBefore = catchUps();
        f.sandbox.dropStreamAfter("master", 3);
        for (int n = 0; n < burst; n++) {
            f.sandbox.placeAsHuman("master", "{\"symbol\":\"NVDA\",\"qty\":\"5\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}");
        }
        f.await("every order of the burst copied to every follower", Duration.ofSeconds(30), () ->
                f.count("SELECT count(*) FROM copy_orders WHERE symbol = 'NVDA' AND state = 'acked'") == (long) burst * FOLLOWERS);
        assertEquals(burst, f.count("SELECT count(*) FROM signals WHERE symbol = 'NVDA' AND kind = 'ORDER_NEW'"),
                "one signal per master order, whatever the stream and the catch-up both delivered");
        for (int i = 1; i <= FOLLOWERS; i++) {
            assertEquals(burst, copiesOf("f" + i, "NVDA").size(), "f" + i + " got each order of the burst once");
        }
        assertTrue(catchUps() > catchUpsBefore, "the stream was dropped and the feed caught up over REST");
    }

    private static long catchUps() {
        return f.sandbox.requests().stream()
                .filter(r -> r.method().equals("GET") && r.pathAndQuery().startsWith("/v2/orders?status=all")
                        && f.sandbox.baseUrl() != null && "PKMASTER".equalsIgnoreCase(r.headers().getOrDefault("apca-api-key-id",
                        r.headers().getOrDefault("APCA-API-KEY-ID", ""))))
                .count();
    }

    private static boolean allFollowers(java.util.function.IntPredicate holds) {
        for (int i = 1; i <= FOLLOWERS; i++) {
            if (!holds.test(i)) {
                return false;
            }
        }
        return true;
    }
}
