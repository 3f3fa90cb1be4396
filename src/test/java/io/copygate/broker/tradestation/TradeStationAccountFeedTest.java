package io.copygate.broker.tradestation;

import static io.copygate.broker.tradestation.TradeStationFixture.ACCOUNT;
import static io.copygate.broker.tradestation.TradeStationFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.broker.AccountFeedListener;
import io.copygate.broker.BrokerAccount;
import io.copygate.signal.Fill;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TradeStation order stream + fallback poller against the sandbox, a master trading as a human. */
class TradeStationAccountFeedTest {
    private TradeStationFixture f;
    private TradeStationAccountFeed feed;
    private final Recorder recorder = new Recorder();

    @BeforeEach
    void start() {
        f = new TradeStationFixture();
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
    }

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.close();
        }
        f.close();
    }

    /** @param pollInterval PT0S: the test drives the poller itself, to make the sequence exact */
    private void openFeed(String pollInterval) {
        Map<String, String> settings = new HashMap<>(f.account.settings());
        settings.put("pollInterval", pollInterval);
        BrokerAccount account = new BrokerAccount(f.account.id(), f.account.tenant(), f.account.broker(),
                f.account.brokerAccount(), settings, f.account.credentials());
        feed = (TradeStationAccountFeed) new TradeStationAccountFeedFactory(f.client, f.ids).open(account);
        feed.start(recorder);
        await("the stream to go live", feed::isLive);
    }

    @Test
    void humanOrdersBecomeOneSignalEachInOrder() {
        openFeed("PT0S");
        String a = f.sandbox.humanPlaceOrder(ACCOUNT, "BUY", "ESZ26", 2, "Limit", new BigDecimal("4990.25"), null);
        f.sandbox.humanReplaceOrder(a, 3, new BigDecimal("4991"), null);
        f.sandbox.humanCancelOrder(a);
        String b = f.sandbox.humanPlaceOrder(ACCOUNT, "SELL", "ESZ26", 1, "Market", null, null);

        await("five signals", () -> recorder.signals.size() >= 5);
        assertEquals(List.of("ORDER_NEW " + a, "ORDER_MODIFY " + a, "ORDER_CANCEL " + a, "ORDER_NEW " + b,
                "FILL " + b), recorder.summary());

        Signal created = recorder.signals.get(0);
        assertEquals("tradestation", created.source());
        assertEquals("acct-ts-1", created.masterAccount());
        assertEquals("ESZ26", created.instrument().symbol());
        assertEquals(Side.BUY, created.side());
        assertEquals(OrderType.LIMIT, created.orderType());
        assertEquals(new BigDecimal("2"), created.quantity());
        assertEquals(new BigDecimal("4990.25"), created.limitPrice());
        assertEquals("acct-ts-1:" + a + ":new", created.sourceEventId());
        created.validate();
        Signal modified = recorder.signals.get(1);
        assertEquals(new BigDecimal("3"), modified.quantity());
        assertEquals(new BigDecimal("4991"), modified.limitPrice());
        assertEquals("acct-ts-1:" + a + ":chg1:3/Limit/4991/", modified.sourceEventId());
        Signal fill = recorder.signals.get(4);
        assertEquals(new BigDecimal("5000"), fill.price());
        assertEquals(new BigDecimal("1"), fill.quantity());
        fill.validate();
        assertNull(recorder.fills.get(0).clientOrderId(), "a human order has no copy id");
    }

    @Test
    void goAwayAndACutConnectionMidBurstAreFilledByThePollerAndTheReconnectExactlyOnce() {
        openFeed("PT0S");
        String a = f.sandbox.humanPlaceOrder(ACCOUNT, "BUY", "ESZ26", 1, "Limit", new BigDecimal("4980"), null);
        await("A", () -> recorder.signals.size() == 1);

        // burst 1: the stream says GoAway after B's first two events and cannot come back
        f.sandbox.refuseStreams(true);
        f.sandbox.goAwayAfterEvents(2);
        String b = f.sandbox.humanPlaceOrder(ACCOUNT, "SELL", "ESZ26", 1, "Limit", new BigDecimal("5020"), null);
        f.sandbox.humanReplaceOrder(a, 2, new BigDecimal("4985"), null);
        String c = f.sandbox.humanPlaceOrder(ACCOUNT, "BUY", "ESZ26", 2, "Market", null, null);
        f.sandbox.humanCancelOrder(b);
        await("the stream to be down", () -> !feed.isLive() && f.sandbox.openStreams() == 0);
        feed.pollOnce();
        f.sandbox.refuseStreams(false);
        await("the stream to come back", feed::isLive);
        feed.pollOnce(); // the feeds overlap now: nothing may come twice

        // burst 2: the connection is cut after D's first two events
        f.sandbox.refuseStreams(true);
        f.sandbox.cutAfterEvents(2);
        String d = f.sandbox.humanPlaceOrder(ACCOUNT, "SELL", "ESZ26", 1, "Limit", new BigDecimal("5030"), null);
        String e = f.sandbox.humanPlaceOrder(ACCOUNT, "SELL", "ESZ26", 1, "Market", null, null);
        f.sandbox.humanReplaceOrder(d, 1, new BigDecimal("5031"), null);
        await("the cut to be noticed", () -> !feed.isLive());
        feed.pollOnce();
        f.sandbox.refuseStreams(false);
        await("the stream to come back", feed::isLive);
        f.sandbox.humanCancelOrder(d);
        feed.pollOnce(); // overlap once more
        String g = f.sandbox.humanPlaceOrder(ACCOUNT, "BUY", "ESZ26", 1, "Limit", new BigDecimal("4900"), null);
        await("the last event", () -> recorder.summary().contains("ORDER_NEW " + g));

        assertEquals(List.of(
                "ORDER_NEW " + a,
                "ORDER_NEW " + b,                       // stream, before GoAway
                "ORDER_MODIFY " + a,                    // poller, oldest order first
                "ORDER_CANCEL " + b,
                "ORDER_NEW " + c, "FILL " + c,
                "ORDER_NEW " + d,                       // stream, before the cut
                "ORDER_MODIFY " + d,                    // poller
                "ORDER_NEW " + e, "FILL " + e,
                "ORDER_CANCEL " + d,                    // stream again
                "ORDER_NEW " + g),
                recorder.summary());
        assertEquals(12, recorder.signals.stream().map(Signal::sourceEventId).collect(Collectors.toSet()).size());
    }

    @Test
    void reconnectSnapshotFillsTheGapWhenTheStreamComesStraightBack() {
        openFeed("PT0S"); // no poller at all: only the snapshot can fill the gap
        String a = f.sandbox.humanPlaceOrder(ACCOUNT, "BUY", "ESZ26", 1, "Limit", new BigDecimal("4980"), null);
        await("A", () -> recorder.signals.size() == 1);

        f.sandbox.goAwayAfterEvents(2);
        String b = f.sandbox.humanPlaceOrder(ACCOUNT, "SELL", "ESZ26", 1, "Limit", new BigDecimal("5020"), null);
        f.sandbox.humanReplaceOrder(a, 2, new BigDecimal("4985"), null);
        String c = f.sandbox.humanPlaceOrder(ACCOUNT, "BUY", "ESZ26", 2, "Market", null, null);
        await("all of the burst", () -> recorder.signals.size() >= 5);
        String d = f.sandbox.humanPlaceOrder(ACCOUNT, "SELL", "ESZ26", 1, "Limit", new BigDecimal("5030"), null);
        await("a live event afterwards", () -> recorder.signals.size() >= 6);

        assertEquals(List.of("ORDER_NEW " + a, "ORDER_NEW " + b, "ORDER_MODIFY " + a, "ORDER_NEW " + c, "FILL " + c,
                "ORDER_NEW " + d), recorder.summary());
        assertTrue(recorder.states.contains("disconnected"), "the GoAway did end the stream");
    }

    @Test
    void ordersFromBeforeTheStartAreLearnedNotDelivered() {
        f.sandbox.advanceTime(java.time.Duration.ofHours(-1));
        String working = f.sandbox.humanPlaceOrder(ACCOUNT, "BUY", "ESZ26", 1, "Limit", new BigDecimal("4980"), null);
        String gone = f.sandbox.humanPlaceOrder(ACCOUNT, "SELL", "ESZ26", 1, "Limit", new BigDecimal("5050"), null);
        f.sandbox.humanCancelOrder(gone);
        f.sandbox.humanPlaceOrder(ACCOUNT, "BUY", "ESZ26", 1, "Market", null, null);
        f.sandbox.advanceTime(java.time.Duration.ofHours(1));

        openFeed("PT0S");
        f.sandbox.humanReplaceOrder(working, null, new BigDecimal("4985"), null);
        String fresh = f.sandbox.humanPlaceOrder(ACCOUNT, "SELL", "ESZ26", 1, "Limit", new BigDecimal("5060"), null);
        await("the change and the new order", () -> recorder.signals.size() >= 3);

        // the earlier cancel is still told (a copy may be working); the earlier arrivals and fill are not
        assertEquals(List.of("ORDER_CANCEL " + gone, "ORDER_MODIFY " + working, "ORDER_NEW " + fresh), recorder.summary());
        assertTrue(recorder.fills.isEmpty(), recorder.fills.toString());
    }

    @Test
    void scheduledPollerCoversAStreamThatStaysDown() {
        openFeed("PT0.2S");
        f.sandbox.refuseStreams(true);
        f.sandbox.cutStreams();
        await("the stream to be down", () -> !feed.isLive());
        String a = f.sandbox.humanPlaceOrder(ACCOUNT, "BUY", "ESZ26", 1, "Market", null, null);
        String b = f.sandbox.humanPlaceOrder(ACCOUNT, "BUY", "ESZ26", 1, "Limit", new BigDecimal("4970"), null);

        await("the poller", () -> recorder.signals.size() >= 3);
        int polls = f.requests("GET", "/v3/brokerage/accounts/").size();
        assertTrue(polls >= 1);
        f.sandbox.refuseStreams(false);
        await("the stream to come back", feed::isLive);
        String c = f.sandbox.humanPlaceOrder(ACCOUNT, "SELL", "ESZ26", 1, "Limit", new BigDecimal("5050"), null);
        await("the stream's event", () -> recorder.signals.size() >= 4);

        assertEquals(List.of("ORDER_NEW " + a, "FILL " + a, "ORDER_NEW " + b, "ORDER_NEW " + c), recorder.summary());
    }

    @Test
    void fillsOfCopyOrdersCarryTheirCopyIdOnceItIsKnown() {
        openFeed("PT0S");
        var order = TradeStationFixture.limit(Side.BUY, "1", "4995");
        var ack = f.adapter.place(order, f.account);
        f.sandbox.setPrice("ESZ26", new BigDecimal("4994"));

        await("the fill", () -> !recorder.fills.isEmpty());
        Fill fill = recorder.fills.get(0);
        assertEquals(order.id(), fill.clientOrderId());
        assertEquals(ack.brokerOrderId(), fill.brokerOrderId());
        assertEquals("acct-ts-1", fill.account());
        assertEquals(new BigDecimal("4994"), fill.price());
        assertEquals("ESZ26", fill.instrument().symbol());
    }

    /** Collects what the feed delivers. */
    static final class Recorder implements AccountFeedListener {
        final List<Signal> signals = new CopyOnWriteArrayList<>();
        final List<Fill> fills = new CopyOnWriteArrayList<>();
        final List<String> states = new CopyOnWriteArrayList<>();

        @Override
        public void onSignal(Signal signal) {
            signals.add(signal);
        }

        @Override
        public void onFill(Fill fill) {
            fills.add(fill);
        }

        @Override
        public void onConnectionState(String state, String detail) {
            states.add(state);
        }

        List<String> summary() {
            return signals.stream().map(s -> s.kind() + " " + s.masterOrderRef()).toList();
        }
    }
}
