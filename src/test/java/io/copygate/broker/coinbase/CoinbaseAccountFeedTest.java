package io.copygate.broker.coinbase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.copygate.broker.BrokerAccount;
import io.copygate.broker.RecordingFeedListener;
import io.copygate.signal.Fill;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.sim.spot.SpotOrder;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The master feed: the sandbox's user channel, with REST catch-up after a dropped connection. */
class CoinbaseAccountFeedTest {
    private final CoinbaseFixture fx = new CoinbaseFixture();
    private final CoinbaseAccountFeedFactory factory = new CoinbaseAccountFeedFactory(fx.http);
    private final RecordingFeedListener listener = new RecordingFeedListener();
    private CoinbaseAccountFeed feed;

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.close();
        }
        fx.close();
    }

    private void startFeed(BrokerAccount account) {
        feed = factory.open(account);
        feed.start(listener);
        listener.awaitState(s -> s.startsWith("connected"), "the feed to subscribe");
    }

    private static String describe(Signal s) {
        return s.kind() + " " + s.sourceEventId().replaceAll("^[0-9a-f-]{36}", "#") + " " + s.instrument() + " "
                + s.side() + " " + s.quantity() + " " + s.orderType() + " " + s.limitPrice() + " " + s.stopPrice() + " "
                + s.timeInForce() + " " + s.price();
    }

    @Test
    void aMastersOrdersBecomeSignalsAndFills() {
        startFeed(fx.master);
        String limit = fx.sandbox.humanOrder(fx.masterKey, "BTC-USD", Side.BUY, SpotOrder.Type.LIMIT,
                new BigDecimal("0.5"), new BigDecimal("59000"), null);
        fx.sandbox.setPrice("BTC-USD", new BigDecimal("60100"));
        String market = fx.sandbox.humanOrder(fx.masterKey, "BTC-USD", Side.SELL, SpotOrder.Type.MARKET,
                new BigDecimal("0.25"), null, null);
        fx.sandbox.humanOrder(fx.masterKey, "BTC-USD", Side.SELL, SpotOrder.Type.STOP_LIMIT, new BigDecimal("0.1"),
                new BigDecimal("57900"), new BigDecimal("58000"));
        fx.sandbox.humanEdit(fx.masterKey, limit, new BigDecimal("0.4"), new BigDecimal("58800"));
        fx.sandbox.humanCancel(fx.masterKey, limit);

        List<Signal> signals = listener.awaitSignals(5);
        assertEquals(List.of(
                "ORDER_NEW #:new BTC/USD BUY 0.5 LIMIT 59000 null GTC 59000",
                "ORDER_NEW #:new BTC/USD SELL 0.25 MARKET null null null 60100",
                "ORDER_NEW #:new BTC/USD SELL 0.1 STOP_LIMIT 57900 58000 GTC 57900",
                "ORDER_MODIFY #:edit:0.4:58800 BTC/USD BUY 0.4 LIMIT 58800 null null null",
                "ORDER_CANCEL #:canceled BTC/USD null null null null null null null"),
                signals.stream().map(CoinbaseAccountFeedTest::describe).collect(Collectors.toList()));
        assertEquals(limit, signals.get(0).masterOrderRef());
        assertEquals(limit, signals.get(4).masterOrderRef());
        Fill fill = listener.awaitFills(1).get(0);
        assertEquals(market, fill.brokerOrderId());
        assertEquals(market + ":0.25", fill.fillId());
        assertEquals(new BigDecimal("0.25"), fill.quantity());
        assertEquals(new BigDecimal("60100"), fill.price());
    }

    @Test
    void afterADroppedConnectionTheGapIsCaughtUpExactlyOnce() {
        startFeed(fx.master);
        String early = fx.sandbox.humanOrder(fx.masterKey, "BTC-USD", Side.BUY, SpotOrder.Type.LIMIT,
                new BigDecimal("0.5"), new BigDecimal("59000"), null);
        listener.awaitSignals(1);
        fx.sandbox.refuseStreams(true);
        fx.sandbox.dropStreams();
        listener.awaitState(s -> s.startsWith("disconnected"), "the drop to be noticed");
        fx.sandbox.humanCancel(fx.masterKey, early);
        String market = fx.sandbox.humanOrder(fx.masterKey, "BTC-USD", Side.BUY, SpotOrder.Type.MARKET,
                new BigDecimal("0.1"), null, null);
        fx.sandbox.humanOrder(fx.masterKey, "BTC-USD", Side.SELL, SpotOrder.Type.LIMIT, new BigDecimal("0.2"),
                new BigDecimal("61000"), null);
        assertEquals(1, listener.signals.size());
        listener.states.clear();
        fx.sandbox.refuseStreams(false);
        listener.awaitState(s -> s.startsWith("connected"), "reconnect and catch-up");
        List<Signal> signals = listener.awaitSignals(4);
        assertEquals(List.of(
                "ORDER_NEW #:new BTC/USD BUY 0.5 LIMIT 59000 null GTC 59000",
                "ORDER_CANCEL #:canceled BTC/USD null null null null null null null",
                "ORDER_NEW #:new BTC/USD BUY 0.1 MARKET null null null 60000",
                "ORDER_NEW #:new BTC/USD SELL 0.2 LIMIT 61000 null GTC 61000"),
                signals.stream().map(CoinbaseAccountFeedTest::describe).collect(Collectors.toList()));
        assertEquals(market, listener.awaitFills(1).get(0).brokerOrderId());
        fx.sandbox.setPrice("BTC-USD", new BigDecimal("61000"));
        assertEquals(new BigDecimal("61000"), listener.awaitFills(2).get(1).price());
        assertEquals(4, listener.signals.size());
        assertEquals(2, listener.fills.size());
    }

    @Test
    void aBadTokenIsRefusedAndReported() {
        BrokerAccount wrong = new BrokerAccount("master", "tenant-1", "coinbase", fx.masterKey, fx.master.settings(),
                Map.of("apiKeyName", fx.masterKey, "privateKey", fx.follower.credential("privateKey")));
        feed = factory.open(wrong);
        feed.start(listener);
        listener.awaitState(s -> s.equals("failed: subscription refused: authentication failure"), "the refusal");
        assertEquals(0, fx.sandbox.subscribedConnections());
    }
}
