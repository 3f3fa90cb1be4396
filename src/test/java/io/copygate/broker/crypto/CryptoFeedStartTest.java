package io.copygate.broker.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.copygate.signal.Side;
import io.copygate.sim.spot.SpotOrder;
import io.copygate.testing.Await;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A master feed copies what happens from its start on, never the day's history (as the Alpaca feed):
 * orders filled or cancelled before the gateway started are not signals, not at the start and not in a
 * catch-up after a reconnect; an order still open at the start is learned, so its later cancel is read
 * (and finds no copy to cancel), but it is never announced as new.
 */
class CryptoFeedStartTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final BigDecimal SMALL = new BigDecimal("0.01");
    private static final BigDecimal LOW = new BigDecimal("50000");

    @Test
    void aFeedsStartDoesNotCopyTheDaysHistoryEvenAfterAReconnect() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); CryptoVenues venues = new CryptoVenues()) {
            String m = CryptoVenues.KEY_1;
            // before copygate starts, each master: an order still open, then a filled one and a cancelled one
            long bnOpen = venues.binance.humanOrder(m, "BTCUSDT", Side.BUY, SpotOrder.Type.LIMIT, SMALL, LOW, null);
            venues.binance.humanOrder(m, "BTCUSDT", Side.BUY, SpotOrder.Type.MARKET, SMALL, null, null);
            venues.binance.humanCancel(m, venues.binance.humanOrder(m, "BTCUSDT", Side.BUY, SpotOrder.Type.LIMIT, SMALL, LOW, null));
            String cbOpen = venues.coinbase.humanOrder(m, "BTC-USD", Side.BUY, SpotOrder.Type.LIMIT, SMALL, LOW, null);
            venues.coinbase.humanOrder(m, "BTC-USD", Side.BUY, SpotOrder.Type.MARKET, SMALL, null, null);
            venues.coinbase.humanCancel(m, venues.coinbase.humanOrder(m, "BTC-USD", Side.BUY, SpotOrder.Type.LIMIT, SMALL, LOW, null));
            String krOpen = venues.kraken.humanOrder(m, "XBTUSD", Side.BUY, SpotOrder.Type.LIMIT, SMALL, LOW, null);
            venues.kraken.humanOrder(m, "XBTUSD", Side.BUY, SpotOrder.Type.MARKET, SMALL, null, null);
            venues.kraken.humanCancel(m, venues.kraken.humanOrder(m, "XBTUSD", Side.BUY, SpotOrder.Type.LIMIT, SMALL, LOW, null));
            Instant historyDone = Instant.now();
            // the feeds allow one second for clock differences; the history is older than that
            Await.until("the history is older than the feeds' grace", Duration.ofSeconds(3),
                    () -> Instant.now().isAfter(historyDone.plusMillis(1100)));

            String yaml = """
                    tenants: [{id: t1}]
                    accounts:
                    %s  - {id: paper-1, tenant: t1, broker: paper}
                    links:
                      - {id: bn-pp, tenant: t1, master: bn-master, follower: paper-1}
                      - {id: cb-pp, tenant: t1, master: cb-master, follower: paper-1}
                      - {id: kr-pp, tenant: t1, master: kr-master, follower: paper-1}
                    paper:
                      quotes: {BTC/USDT: 60000, BTC/USD: 60000}
                    """.formatted(venues.accounts("master", "COPYGATE_TEST_KEY_1"));
            try (TestGateway gw = CryptoVenues.gateway(db, yaml, List.of("bn-master", "cb-master", "kr-master"))) {
                Await.until("the three master feeds subscribed", WAIT, () -> venues.binance.subscribedConnections() == 1
                        && venues.coinbase.subscribedConnections() == 1 && venues.kraken.subscribedConnections() == 1);

                // the masters cancel their orders from before the start: read, as cancels only
                venues.binance.humanCancel(m, bnOpen);
                venues.coinbase.humanCancel(m, cbOpen);
                venues.kraken.humanCancel(m, krOpen);
                Await.until("the three cancels read", WAIT, () -> db.count("SELECT count(*) FROM copy_skips"
                        + " WHERE reason_code = 'NO_WORKING_ORDER'") == 3);

                // a reconnect catches up from the oldest order each feed knows: the history is still not new
                venues.binance.dropStreams();
                venues.coinbase.dropStreams();
                venues.kraken.dropStreams();
                Await.until("the feeds back", WAIT, () -> venues.binance.subscribedConnections() == 1
                        && venues.coinbase.subscribedConnections() == 1 && venues.kraken.subscribedConnections() == 1);
                venues.binance.humanOrder(m, "BTCUSDT", Side.SELL, SpotOrder.Type.MARKET, SMALL, null, null);
                venues.coinbase.humanOrder(m, "BTC-USD", Side.SELL, SpotOrder.Type.MARKET, SMALL, null, null);
                venues.kraken.humanOrder(m, "XBTUSD", Side.SELL, SpotOrder.Type.MARKET, SMALL, null, null);
                Await.until("the three new trades copied", WAIT, () ->
                        db.count("SELECT count(*) FROM copy_orders WHERE state = 'acked'") == 3);

                assertEquals(List.of(
                        Map.of("master_account_id", "bn-master", "kind", "ORDER_CANCEL", "side", ""),
                        Map.of("master_account_id", "bn-master", "kind", "ORDER_NEW", "side", "SELL"),
                        Map.of("master_account_id", "cb-master", "kind", "ORDER_CANCEL", "side", ""),
                        Map.of("master_account_id", "cb-master", "kind", "ORDER_NEW", "side", "SELL"),
                        Map.of("master_account_id", "kr-master", "kind", "ORDER_CANCEL", "side", ""),
                        Map.of("master_account_id", "kr-master", "kind", "ORDER_NEW", "side", "SELL")),
                        db.rows("SELECT master_account_id, kind, coalesce(side, '') AS side FROM signals ORDER BY 1, 2"));
                assertEquals(List.of(Map.of("side", "SELL"), Map.of("side", "SELL"), Map.of("side", "SELL")),
                        db.rows("SELECT side FROM copy_orders"), "only the new trades were copied");
                venues.assertRequestsMatchTheVenueSpecs();
            }
        }
    }
}
