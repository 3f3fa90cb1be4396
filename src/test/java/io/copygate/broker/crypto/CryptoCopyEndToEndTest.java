package io.copygate.broker.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.signal.Side;
import io.copygate.sim.spot.SpotOrder;
import io.copygate.testing.Await;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real gateway with the three crypto sandboxes: a master trading by hand on each venue is read by
 * its account feed (a route file), and copied at half size to followers on the two other venues and to
 * a paper account, each in the venue's own symbol, quantity step and price tick. A Binance master's
 * BTC/USDT reaches a Coinbase follower as BTC-USD only because its link says {@code quoteSwap}.
 */
class CryptoCopyEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aMasterFillOnEachVenueIsCopiedToTheOtherTwoAndToPaperInTheirOwnSymbolsAndRounding() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); CryptoVenues venues = new CryptoVenues()) {
            String m = CryptoVenues.KEY_1;
            String f = CryptoVenues.KEY_2;
            String yaml = """
                    tenants: [{id: t1}]
                    accounts:
                    %s%s  - {id: paper-1, tenant: t1, broker: paper}
                    links:
                      - {id: bn-kr, tenant: t1, master: bn-master, follower: kr-follower, rules: {multiplier: 0.5}}
                      - {id: bn-cb, tenant: t1, master: bn-master, follower: cb-follower, rules: {multiplier: 0.5, quoteSwap: {USDT: USD}}}
                      - {id: bn-pp, tenant: t1, master: bn-master, follower: paper-1, rules: {multiplier: 0.5}}
                      - {id: cb-bn, tenant: t1, master: cb-master, follower: bn-follower, rules: {multiplier: 0.5, quoteSwap: {USD: USDT}}}
                      - {id: cb-kr, tenant: t1, master: cb-master, follower: kr-follower, rules: {multiplier: 0.5}}
                      - {id: cb-pp, tenant: t1, master: cb-master, follower: paper-1, rules: {multiplier: 0.5}}
                      - {id: kr-bn, tenant: t1, master: kr-master, follower: bn-follower, rules: {multiplier: 0.5}}
                      - {id: kr-cb, tenant: t1, master: kr-master, follower: cb-follower, rules: {multiplier: 0.5, quoteSwap: {USDT: USD}}}
                      - {id: kr-pp, tenant: t1, master: kr-master, follower: paper-1, rules: {multiplier: 0.5}}
                    paper:
                      quotes: {BTC/USDT: 60000, BTC/USD: 60000}
                    """.formatted(venues.accounts("master", "COPYGATE_TEST_KEY_1"), venues.accounts("follower", "COPYGATE_TEST_KEY_2"));
            try (TestGateway gw = CryptoVenues.gateway(db, yaml, List.of("bn-master", "cb-master", "kr-master"))) {
                Await.until("the three master feeds subscribed", WAIT, () -> venues.binance.subscribedConnections() == 1
                        && venues.coinbase.subscribedConnections() == 1 && venues.kraken.subscribedConnections() == 1);

                // every market is at 60000. Binance master: marketable limit buy 0.12345 BTCUSDT at 60000.99, filled
                venues.binance.humanOrder(m, "BTCUSDT", Side.BUY, SpotOrder.Type.LIMIT, new BigDecimal("0.12345"),
                        new BigDecimal("60000.99"), null);
                // Coinbase master: marketable limit sell 0.3 BTC-USD at 59990.55, filled
                venues.coinbase.humanOrder(m, "BTC-USD", Side.SELL, SpotOrder.Type.LIMIT, new BigDecimal("0.3"),
                        new BigDecimal("59990.55"), null);
                // Kraken master: market buy 0.12345678 BTC/USDT, filled at 60000
                venues.kraken.humanOrder(m, "XBTUSDT", Side.BUY, SpotOrder.Type.MARKET, new BigDecimal("0.12345678"), null, null);

                Await.until("nine copies acknowledged by their venues", WAIT, () ->
                        db.count("SELECT count(*) FROM copy_orders WHERE state = 'acked'") == 9);

                // Binance master → Kraken (XBTUSDT: 8 lot decimals, price tick 0.1, a buy rounds down)
                SpotOrder onKraken = venues.kraken.order(f, copyId(db, "bn-master", "kr-follower")).orElseThrow();
                assertEquals("BTC/USDT", onKraken.market().key());
                assertEquals(Side.BUY, onKraken.side());
                assertEquals(SpotOrder.Type.LIMIT, onKraken.type());
                assertDecimal("0.061725", onKraken.quantity());
                assertDecimal("60000.9", onKraken.limitPrice());
                assertEquals(SpotOrder.Status.FILLED, onKraken.status());
                assertTrue(venues.kraken.requests().stream().anyMatch(r -> r.body() != null
                        && r.body().contains("\"pair\":\"XBTUSDT\"") && r.body().contains("\"price\":\"60000.9\"")),
                        "Kraken got its altname and the price on its tick");
                // Binance master → Coinbase, BTC/USDT swapped to BTC-USD by the link's quoteSwap
                SpotOrder onCoinbase = venues.coinbase.order(f, copyId(db, "bn-master", "cb-follower")).orElseThrow();
                assertEquals("BTC/USD", onCoinbase.market().key());
                assertDecimal("0.06172", onCoinbase.quantity()); // BTC/USD's lot step 0.00001 (instruments.yaml)
                assertDecimal("60000.99", onCoinbase.limitPrice());
                assertEquals(SpotOrder.Status.FILLED, onCoinbase.status());
                assertTrue(venues.coinbase.requests().stream().anyMatch(r -> r.body() != null
                        && r.body().contains("\"product_id\":\"BTC-USD\"") && r.body().contains("\"limit_limit_gtc\"")));

                // Coinbase master → Binance (BTC-USD swapped to BTCUSDT) and Kraken (XBTUSD, sell rounds up to the tick)
                SpotOrder onBinance = venues.binance.order(f, copyId(db, "cb-master", "bn-follower")).orElseThrow();
                assertEquals("BTC/USDT", onBinance.market().key());
                assertEquals(Side.SELL, onBinance.side());
                assertDecimal("0.15", onBinance.quantity());
                assertDecimal("59990.55", onBinance.limitPrice());
                assertEquals(SpotOrder.Status.FILLED, onBinance.status());
                assertTrue(venues.binance.requests().stream().anyMatch(r -> r.pathAndQuery().contains(
                        "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.15&price=59990.55")),
                        venues.binance.requests().toString());
                SpotOrder onKrakenUsd = venues.kraken.order(f, copyId(db, "cb-master", "kr-follower")).orElseThrow();
                assertEquals("BTC/USD", onKrakenUsd.market().key());
                assertDecimal("0.15", onKrakenUsd.quantity());
                assertDecimal("59990.6", onKrakenUsd.limitPrice());
                assertEquals(SpotOrder.Status.FILLED, onKrakenUsd.status());

                // Kraken master's market buy → Binance (BTCUSDT, LOT_SIZE step 0.00001) and Coinbase (quoteSwap)
                SpotOrder fromKraken = venues.binance.order(f, copyId(db, "kr-master", "bn-follower")).orElseThrow();
                assertEquals("BTC/USDT", fromKraken.market().key());
                assertEquals(SpotOrder.Type.MARKET, fromKraken.type());
                assertDecimal("0.06172", fromKraken.quantity()); // 0.06172839 rounded down to Binance's step
                assertEquals(SpotOrder.Status.FILLED, fromKraken.status());
                SpotOrder fromKrakenOnCoinbase = venues.coinbase.order(f, copyId(db, "kr-master", "cb-follower")).orElseThrow();
                assertEquals("BTC/USD", fromKrakenOnCoinbase.market().key());
                assertEquals(SpotOrder.Status.FILLED, fromKrakenOnCoinbase.status());

                // paper follower: the master's own pair, half size at the instrument's lot step
                assertEquals(List.of(
                        Map.of("symbol", "BTC/USD", "side", "SELL", "quantity", new BigDecimal("0.15")),
                        Map.of("symbol", "BTC/USDT", "side", "BUY", "quantity", new BigDecimal("0.061725")),
                        Map.of("symbol", "BTC/USDT", "side", "BUY", "quantity", new BigDecimal("0.06172839"))),
                        db.rows("SELECT symbol, side, quantity FROM copy_orders WHERE follower_account_id = 'paper-1'"
                                + " ORDER BY symbol, quantity"));

                assertEquals(3, db.count("SELECT count(*) FROM signals"));
                assertEquals(0, db.count("SELECT count(*) FROM copy_skips"));
                // one order per copy at each venue, nothing doubled
                assertEquals(2, venues.binance.orders(f).size());
                assertEquals(2, venues.coinbase.orders(f).size());
                assertEquals(2, venues.kraken.orders(f).size());
                venues.assertRequestsMatchTheVenueSpecs();
            }
        }
    }

    private static String copyId(TestDatabase db, String master, String follower) {
        return (String) db.rows("SELECT o.id FROM copy_orders o JOIN signals s ON s.id = o.signal_id"
                + " WHERE s.master_account_id = ? AND o.follower_account_id = ?", master, follower).get(0).get("id");
    }

    private static void assertDecimal(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + ", was " + actual);
    }
}
