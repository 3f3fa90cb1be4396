package io.copygate.broker.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.signal.Side;
import io.copygate.sim.binance.BinanceFault;
import io.copygate.sim.coinbase.CoinbaseFault;
import io.copygate.sim.kraken.KrakenFault;
import io.copygate.sim.spot.SpotOrder;
import io.copygate.testing.Await;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Binance master's market orders copied through the real gateway while the venues misbehave: a 429
 * (Binance, Coinbase) is waited out and the order placed once; an unknown outcome (Coinbase 5xx after executing, Binance
 * {@code -1007}, Kraken's internal error after executing, no answer at all) is resolved by looking the
 * client id up, never by a second order; the link's {@code maxSlippage} turns the market copy into a
 * limit IOC; a copy under Kraken's minimum and a pair Coinbase does not list are recorded skips whose
 * reasons {@code GET /api/signals/{id}} shows.
 */
class CryptoDeliveryFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(25);

    @Test
    void rateLimitsAreWaitedOutUnknownOutcomesLookedUpAndVenueMinimumsSkipped() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); CryptoVenues venues = new CryptoVenues()) {
            String m = CryptoVenues.KEY_1;
            String f = CryptoVenues.KEY_2;
            String yaml = """
                    tenants: [{id: t1}]
                    accounts:
                    %s%s%s
                    links:
                      - {id: to-bn, tenant: t1, master: bn-master, follower: bn-follower, rules: {maxSlippage: 0.01}}
                      - {id: to-kr, tenant: t1, master: bn-master, follower: kr-follower}
                      - {id: to-cb, tenant: t1, master: bn-master, follower: cb-follower, rules: {quoteSwap: {USDT: USD}}}
                      - {id: to-kr-tiny, tenant: t1, master: bn-master, follower: kr-tiny, rules: {multiplier: 0.0005}}
                      - {id: to-cb-no-swap, tenant: t1, master: bn-master, follower: cb-tiny}
                    """.formatted(venues.accounts("master", "COPYGATE_TEST_KEY_1"),
                    venues.accounts("follower", "COPYGATE_TEST_KEY_2"), venues.accounts("tiny", "COPYGATE_TEST_KEY_3"));
            try (TestGateway gw = CryptoVenues.gateway(db, yaml, List.of("bn-master"))) {
                Await.until("the master feed subscribed", WAIT, () -> venues.binance.subscribedConnections() == 1);

                // 1. master buys 0.1 BTC at 60000; Binance answers 429, Coinbase 500 after taking the order,
                //    Kraken an internal error after taking it
                venues.binance.injectFault(BinanceFault.RATE_LIMITED, "POST /api/v3/order");
                venues.coinbase.injectFault(CoinbaseFault.SERVER_ERROR_AFTER, "POST /api/v3/brokerage/orders");
                venues.kraken.injectFault(KrakenFault.INTERNAL_ERROR_AFTER, "/0/private/AddOrder");
                venues.binance.humanOrder(m, "BTCUSDT", Side.BUY, SpotOrder.Type.MARKET, new BigDecimal("0.1"), null, null);
                Await.until("three copies acked", WAIT, () -> db.count("SELECT count(*) FROM copy_orders WHERE state = 'acked'") == 3);
                String buy = (String) db.rows("SELECT id FROM signals").get(0).get("id");

                SpotOrder bn = venues.binance.order(f, copyId(db, buy, "bn-follower")).orElseThrow();
                assertEquals(SpotOrder.Type.LIMIT, bn.type(), "maxSlippage made the market copy a limit");
                assertEquals(SpotOrder.TimeInForce.IOC, bn.timeInForce());
                assertDecimal("60600", bn.limitPrice()); // 60000 + 1 %
                assertEquals(SpotOrder.Status.FILLED, bn.status());
                assertEquals(2, placements(venues.binance.requests().stream().map(r -> r.method() + " " + r.pathAndQuery()).toList(),
                        "POST /api/v3/order", bn.clientOrderId()), "refused once with 429, then placed once");

                String cbId = copyId(db, buy, "cb-follower");
                assertEquals(1, venues.coinbase.orders(f).stream().filter(o -> o.clientOrderId().equals(cbId)).count());
                assertEquals("BTC/USD", venues.coinbase.order(f, cbId).orElseThrow().market().key());
                String krId = copyId(db, buy, "kr-follower");
                assertEquals(1, venues.kraken.orders(f).stream().filter(o -> krId.equals(o.clientOrderId())).count());
                assertTrue(db.count("SELECT count(*) FROM copy_orders WHERE attempts > 1") >= 3,
                        "each of the three needed a second attempt");

                // the skips and their reasons, as the API shows them
                JsonNode signal = gw.get("/api/signals/" + buy).json();
                Map<String, String> skips = new java.util.TreeMap<>();
                signal.path("skips").forEach(s -> skips.put(s.path("followerAccount").asText(),
                        s.path("reasonCode").asText() + ": " + s.path("reason").asText()));
                assertEquals(Map.of(
                        "kr-tiny", "VENUE_RULES: quantity 0.00005 is below Kraken's minimum 0.0001 for XBTUSDT",
                        "cb-tiny", "VENUE_RULES: Coinbase does not list product BTC-USDT (NOT_FOUND: ProductID not found);"
                                + " the copy is BTC/USDT, a quoteSwap rule on the link can map its quote currency"), skips);
                assertEquals(0, venues.kraken.orders(CryptoVenues.KEY_3).size());
                assertEquals(0, venues.coinbase.orders(CryptoVenues.KEY_3).size());

                // 2. master sells it again: Binance -1007 after taking the order, Kraken does not answer at all,
                //    Coinbase answers 429
                venues.binance.injectFault(BinanceFault.TIMEOUT_1007_AFTER, "POST /api/v3/order");
                venues.coinbase.injectFault(CoinbaseFault.RATE_LIMITED, "POST /api/v3/brokerage/orders");
                venues.kraken.noAnswerFor(Duration.ofSeconds(2)); // longer than the gateway's 500 ms request timeout
                venues.kraken.injectFault(KrakenFault.NO_ANSWER_AFTER, "/0/private/AddOrder");
                venues.binance.humanOrder(m, "BTCUSDT", Side.SELL, SpotOrder.Type.MARKET, new BigDecimal("0.1"), null, null);
                Await.until("six copies acked", WAIT, () -> db.count("SELECT count(*) FROM copy_orders WHERE state = 'acked'") == 6);
                String sell = (String) db.rows("SELECT id FROM signals WHERE side = 'SELL'").get(0).get("id");
                String bnSell = copyId(db, sell, "bn-follower");
                assertEquals(1, venues.binance.orders(f).stream().filter(o -> o.clientOrderId().equals(bnSell)).count());
                assertDecimal("59400", venues.binance.order(f, bnSell).orElseThrow().limitPrice()); // 60000 − 1 %
                String krSell = copyId(db, sell, "kr-follower");
                assertEquals(1, venues.kraken.orders(f).stream().filter(o -> krSell.equals(o.clientOrderId())).count());
                String cbSell = copyId(db, sell, "cb-follower");
                assertEquals(1, venues.coinbase.orders(f).stream().filter(o -> o.clientOrderId().equals(cbSell)).count());
                assertEquals(2, venues.coinbase.requests().stream().filter(r -> r.method().equals("POST")
                        && r.pathAndQuery().equals("/api/v3/brokerage/orders") && r.body().contains(cbSell)).count(),
                        "refused once with 429, then placed once");
                assertEquals(2, venues.binance.orders(f).size());
                assertEquals(2, venues.kraken.orders(f).size());
                assertEquals(2, venues.coinbase.orders(f).size());
                assertEquals(0, db.count("SELECT count(*) FROM dead_letters"));
                venues.assertRequestsMatchTheVenueSpecs();
            }
        }
    }

    private static long placements(List<String> requestLines, String methodAndPath, String clientOrderId) {
        List<String> hits = new ArrayList<>();
        for (String line : requestLines) {
            if (line.startsWith(methodAndPath + "?") && line.contains("newClientOrderId=" + clientOrderId)) {
                hits.add(line);
            }
        }
        return hits.size();
    }

    private static String copyId(TestDatabase db, String signalId, String follower) {
        return (String) db.rows("SELECT id FROM copy_orders WHERE signal_id = ? AND follower_account_id = ?", signalId, follower)
                .get(0).get("id");
    }

    private static void assertDecimal(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + ", was " + actual);
    }
}
