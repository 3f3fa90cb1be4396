package io.copygate.broker.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.broker.BrokerAccount;
import io.copygate.broker.RecordingFeedListener;
import io.copygate.signal.Fill;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.spot.SpotOrder;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The master feed: the WebSocket API user data stream of the sandbox, with catch-up after a dropped connection. */
class BinanceAccountFeedTest {
    private final BinanceFixture fx = new BinanceFixture();
    private final BinanceAccountFeedFactory factory = new BinanceAccountFeedFactory(fx.http);
    private final RecordingFeedListener listener = new RecordingFeedListener();
    private BinanceAccountFeed feed;

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
        return s.kind() + " " + s.sourceEventId().replaceAll("^\\d+", "#") + " " + s.side() + " " + s.quantity() + " "
                + s.orderType() + " " + s.limitPrice() + " " + s.stopPrice() + " " + s.timeInForce() + " " + s.price();
    }

    @Test
    void aMastersOrdersBecomeSignalsAndFills() {
        startFeed(fx.master);
        long limitId = fx.sandbox.humanOrder("m-key", "BTCUSDT", Side.BUY, SpotOrder.Type.LIMIT, new BigDecimal("0.5"),
                new BigDecimal("59000"), null);
        fx.sandbox.setPrice("BTCUSDT", new BigDecimal("60100"));
        long marketId = fx.sandbox.humanOrder("m-key", "BTCUSDT", Side.SELL, SpotOrder.Type.MARKET,
                new BigDecimal("0.25"), null, null);
        fx.sandbox.humanOrder("m-key", "BTCUSDT", Side.SELL, SpotOrder.Type.STOP_MARKET, new BigDecimal("0.1"), null,
                new BigDecimal("58000"));
        fx.sandbox.humanCancel("m-key", limitId);

        List<Signal> signals = listener.awaitSignals(4);
        assertEquals(List.of(
                "ORDER_NEW #:NEW BUY 0.5 LIMIT 59000 null GTC 59000",
                "ORDER_NEW #:NEW SELL 0.25 MARKET null null null 60100",
                "ORDER_NEW #:NEW SELL 0.1 STOP null 58000 GTC null",
                "ORDER_CANCEL #:CANCELED null null null null null null null"),
                signals.stream().map(BinanceAccountFeedTest::describe).collect(Collectors.toList()));
        Signal first = signals.get(0);
        assertEquals("binance", first.source());
        assertEquals("master", first.masterAccount());
        assertEquals("tenant-1", first.tenant());
        assertEquals("BTC/USDT", first.instrument().symbol());
        assertEquals(Long.toString(limitId), first.masterOrderRef());
        assertEquals(Long.toString(limitId), signals.get(3).masterOrderRef());

        Fill fill = listener.awaitFills(1).get(0);
        assertEquals(Long.toString(marketId), fill.brokerOrderId());
        assertEquals(Side.SELL, fill.side());
        assertEquals(new BigDecimal("0.25"), fill.quantity());
        assertEquals(new BigDecimal("60100"), fill.price());
        assertEquals("master", fill.account());
    }

    @Test
    void afterADroppedConnectionTheGapIsCaughtUpExactlyOnce() {
        startFeed(fx.master);
        long early = fx.sandbox.humanOrder("m-key", "BTCUSDT", Side.BUY, SpotOrder.Type.LIMIT, new BigDecimal("0.5"),
                new BigDecimal("59000"), null);
        listener.awaitSignals(1);

        fx.sandbox.refuseStreams(true);
        fx.sandbox.dropStreams();
        listener.awaitState(s -> s.startsWith("disconnected"), "the drop to be noticed");
        // the master trades while the stream is down
        fx.sandbox.humanCancel("m-key", early);
        long market = fx.sandbox.humanOrder("m-key", "BTCUSDT", Side.BUY, SpotOrder.Type.MARKET, new BigDecimal("0.1"),
                null, null);
        fx.sandbox.humanOrder("m-key", "BTCUSDT", Side.SELL, SpotOrder.Type.LIMIT, new BigDecimal("0.2"),
                new BigDecimal("61000"), null);
        assertEquals(1, listener.signals.size(), "nothing arrives while the stream is down");
        listener.states.clear();
        fx.sandbox.refuseStreams(false);
        listener.awaitState(s -> s.startsWith("connected"), "the feed to reconnect and catch up");

        List<Signal> signals = listener.awaitSignals(4);
        assertEquals(List.of(
                "ORDER_NEW #:NEW BUY 0.5 LIMIT 59000 null GTC 59000",
                "ORDER_CANCEL #:CANCELED null null null null null null null",
                "ORDER_NEW #:NEW BUY 0.1 MARKET null null null 60000",
                "ORDER_NEW #:NEW SELL 0.2 LIMIT 61000 null GTC 61000"),
                signals.stream().map(BinanceAccountFeedTest::describe).collect(Collectors.toList()));
        Fill fill = listener.awaitFills(1).get(0);
        assertEquals(Long.toString(market), fill.brokerOrderId());
        assertEquals(Long.toString(market) + ":" + fill.fillId().split(":")[1], fill.fillId());

        // live again: the next event comes through the stream, and nothing is repeated
        fx.sandbox.setPrice("BTCUSDT", new BigDecimal("61000"));
        List<Fill> fills = listener.awaitFills(2);
        assertEquals(new BigDecimal("61000"), fills.get(1).price());
        assertEquals(4, listener.signals.size());
        assertEquals(2, listener.fills.size());
    }

    @Test
    void ed25519KeysSubscribeToo() throws Exception {
        java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        fx.sandbox.addEd25519Account("ed-master", pair.getPublic());
        fx.fund("ed-master");
        BrokerAccount ed = new BrokerAccount("ed", "tenant-1", "binance", "ed-master", fx.master.settings(),
                Map.of("apiKey", "ed-master", "privateKey",
                        java.util.Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded())));
        startFeed(ed);
        fx.sandbox.humanOrder("ed-master", "BTCUSDT", Side.BUY, SpotOrder.Type.LIMIT, new BigDecimal("0.5"),
                new BigDecimal("59000"), null);
        assertEquals(SignalKind.ORDER_NEW, listener.awaitSignals(1).get(0).kind());
    }

    @Test
    void aRefusedSubscriptionIsReportedWithBinancesError() {
        BrokerAccount wrong = new BrokerAccount("master", "tenant-1", "binance", "m-key", fx.master.settings(),
                Map.of("apiKey", "m-key", "secretKey", "wrong"));
        feed = factory.open(wrong);
        feed.start(listener);
        listener.awaitState(s -> s.equals("failed: subscription refused: -1022 Signature for this request is not valid."),
                "the refusal");
        assertEquals(0, fx.sandbox.subscribedConnections());
    }

    @Test
    void eventsMapLikeTheDocumentedExecutionReport() throws Exception {
        // Binance's own executionReport example (user-data-stream.md), a NEW limit order
        String doc = "{\"e\":\"executionReport\",\"E\":1499405658658,\"s\":\"ETHBTC\",\"c\":\"mUvoqJxFIILMdfAW5iGSOW\","
                + "\"S\":\"BUY\",\"o\":\"LIMIT\",\"f\":\"GTC\",\"q\":\"1.00000000\",\"p\":\"0.10264410\","
                + "\"P\":\"0.00000000\",\"F\":\"0.00000000\",\"g\":-1,\"C\":\"\",\"x\":\"NEW\",\"X\":\"NEW\",\"r\":\"NONE\","
                + "\"i\":4293153,\"l\":\"0.00000000\",\"z\":\"0.00000000\",\"L\":\"0.00000000\",\"n\":\"0\",\"N\":null,"
                + "\"T\":1499405658657,\"t\":-1,\"I\":8641984,\"w\":true,\"m\":false,\"M\":false,\"O\":1499405658657,"
                + "\"Z\":\"0.00000000\",\"Y\":\"0.00000000\",\"Q\":\"0.00000000\",\"W\":1499405658657,\"V\":\"NONE\"}";
        Signal s = new BinanceEvents().signal(BinanceClient.JSON.readTree(doc), fx.master, java.time.Instant.now())
                .orElseThrow();
        assertEquals("ETH/BTC", s.instrument().symbol());
        assertEquals("4293153:NEW", s.sourceEventId());
        assertEquals(new BigDecimal("0.1026441"), s.limitPrice());
        assertEquals(OrderType.LIMIT, s.orderType());
        assertEquals(TimeInForce.GTC, s.timeInForce());
        assertNull(s.stopPrice());
        assertTrue(new BinanceEvents().fill(BinanceClient.JSON.readTree(doc), fx.master).isEmpty());
    }
}
