package io.copygate.broker.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.copygate.broker.BrokerAccount;
import io.copygate.broker.RecordingFeedListener;
import io.copygate.signal.Fill;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.sim.spot.SpotOrder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The master feed: WebSocket v2 executions of the sandbox, with REST catch-up after a dropped connection. */
class KrakenAccountFeedTest {
    private final KrakenFixture fx = new KrakenFixture();
    private final KrakenAccountFeedFactory factory = new KrakenAccountFeedFactory(fx.http);
    private final RecordingFeedListener listener = new RecordingFeedListener();
    private KrakenAccountFeed feed;

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
        return s.kind() + " " + s.sourceEventId().replaceAll("^O[A-Z2-7-]+", "#") + " " + s.instrument() + " "
                + s.side() + " " + s.quantity() + " " + s.orderType() + " " + s.limitPrice() + " " + s.stopPrice() + " "
                + s.timeInForce() + " " + s.price();
    }

    @Test
    void aMastersOrdersBecomeSignalsAndFills() {
        String key = fx.key(fx.master);
        startFeed(fx.master);
        String limit = fx.sandbox.humanOrder(key, "XBTUSD", Side.BUY, SpotOrder.Type.LIMIT, new BigDecimal("0.5"),
                new BigDecimal("59000"), null);
        fx.sandbox.setPrice("XBTUSD", new BigDecimal("60100"));
        String market = fx.sandbox.humanOrder(key, "XBTUSD", Side.SELL, SpotOrder.Type.MARKET, new BigDecimal("0.25"),
                null, null);
        fx.sandbox.humanOrder(key, "XBTUSD", Side.SELL, SpotOrder.Type.STOP_LIMIT, new BigDecimal("0.1"),
                new BigDecimal("57900"), new BigDecimal("58000"));
        fx.sandbox.humanAmend(key, limit, new BigDecimal("0.4"), new BigDecimal("58800"));
        fx.sandbox.humanCancel(key, limit);

        List<Signal> signals = listener.awaitSignals(5);
        assertEquals(List.of(
                "ORDER_NEW #:new BTC/USD BUY 0.5 LIMIT 59000 null GTC 59000",
                "ORDER_NEW #:new BTC/USD SELL 0.25 MARKET null null null 60100",
                "ORDER_NEW #:new BTC/USD SELL 0.1 STOP_LIMIT 57900 58000 GTC 57900",
                "ORDER_MODIFY #:amended:" + signals.get(3).sourceEventId().split(":amended:")[1]
                        + " BTC/USD BUY 0.4 LIMIT 58800 null null null",
                "ORDER_CANCEL #:canceled BTC/USD null null null null null null null"),
                signals.stream().map(KrakenAccountFeedTest::describe).collect(Collectors.toList()));
        assertEquals(limit, signals.get(0).masterOrderRef());
        assertEquals(limit, signals.get(4).masterOrderRef());
        assertEquals("kraken", signals.get(0).source());
        Fill fill = listener.awaitFills(1).get(0);
        assertEquals(market, fill.brokerOrderId());
        assertEquals(new BigDecimal("0.25"), fill.quantity());
        assertEquals(new BigDecimal("60100"), fill.price());
    }

    @Test
    void afterADroppedConnectionTheGapIsCaughtUpExactlyOnce() {
        String key = fx.key(fx.master);
        startFeed(fx.master);
        String early = fx.sandbox.humanOrder(key, "XBTUSD", Side.BUY, SpotOrder.Type.LIMIT, new BigDecimal("0.5"),
                new BigDecimal("59000"), null);
        listener.awaitSignals(1);
        fx.sandbox.refuseStreams(true);
        fx.sandbox.dropStreams();
        listener.awaitState(s -> s.startsWith("disconnected"), "the drop to be noticed");
        fx.sandbox.humanCancel(key, early);
        String market = fx.sandbox.humanOrder(key, "XBTUSD", Side.BUY, SpotOrder.Type.MARKET, new BigDecimal("0.1"),
                null, null);
        fx.sandbox.humanOrder(key, "XBTUSD", Side.SELL, SpotOrder.Type.LIMIT, new BigDecimal("0.2"),
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
                signals.stream().map(KrakenAccountFeedTest::describe).collect(Collectors.toList()));
        assertEquals(market, listener.awaitFills(1).get(0).brokerOrderId());
        fx.sandbox.setPrice("XBTUSD", new BigDecimal("61000"));
        assertEquals(new BigDecimal("61000"), listener.awaitFills(2).get(1).price());
        assertEquals(4, listener.signals.size());
        assertEquals(2, listener.fills.size());
    }

    @Test
    void ordersWorkingBeforeTheFeedStartedAreNotAnnouncedAsNew() {
        String key = fx.key(fx.master);
        String old = fx.sandbox.humanOrder(key, "XBTUSD", Side.BUY, SpotOrder.Type.LIMIT, new BigDecimal("0.5"),
                new BigDecimal("59000"), null);
        // a feed whose clock says it started 5 s after the order was placed
        feed = new KrakenAccountFeedFactory(fx.http, java.time.Clock.offset(java.time.Clock.systemUTC(),
                Duration.ofSeconds(5))).open(fx.master);
        feed.start(listener);
        listener.awaitState(s -> s.startsWith("connected"), "the feed to subscribe");
        assertEquals(0, listener.signals.size(), "neither the snapshot nor the catch-up announce it");
        fx.sandbox.humanCancel(key, old);
        List<Signal> signals = listener.awaitSignals(1);
        assertEquals("ORDER_CANCEL", signals.get(0).kind().name());
    }

    @Test
    void anExpiredTokenIsRefusedAndReported() {
        fx.sandbox.tokenLifetime(Duration.ofSeconds(-1));
        feed = factory.open(fx.master);
        feed.start(listener);
        listener.awaitState(s -> s.equals("failed: subscription refused: EAPI:Invalid token"), "the refusal");
        assertEquals(0, fx.sandbox.subscribedConnections());
    }

    @Test
    void krakenPairNamesAllReadToTheCanonicalPair() {
        KrakenSymbolCodec codec = new KrakenSymbolCodec();
        for (String name : new String[] {"XBT/USD", "XXBTZUSD", "XBTUSD", "BTC/USD"}) {
            assertEquals("BTC/USD", codec.toInstrument(name).symbol(), name);
        }
        assertEquals("DOGE/USD", codec.toInstrument("XDG/USD").symbol());
        assertEquals("DOGE/USD", codec.toInstrument("XXDGZUSD").symbol());
        assertEquals("ETH/EUR", codec.toInstrument("XETHZEUR").symbol());
        assertEquals("BTC/USDT", codec.toInstrument("XBTUSDT").symbol());
        assertEquals("XBTUSD", codec.toVenue(io.copygate.signal.Instrument.crypto("BTC", "USD")));
        assertEquals("XDGUSD", codec.toVenue(io.copygate.signal.Instrument.crypto("DOGE", "USD")));
    }
}
