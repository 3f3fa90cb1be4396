package io.copygate.broker.tradovate;

import static io.copygate.broker.tradovate.TradovateFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.broker.AccountFeed;
import io.copygate.broker.AccountFeedListener;
import io.copygate.signal.Fill;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Tradovate WebSocket feed against the sandbox: a master account trading as a human would. */
class TradovateAccountFeedTest {
    private TradovateFixture f;
    private AccountFeed feed;
    private final Recorder recorder = new Recorder();

    @BeforeEach
    void start() {
        f = new TradovateFixture();
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
    }

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.close();
        }
        f.close();
    }

    private void openFeed() {
        feed = new TradovateAccountFeedFactory(f.client, f.clock, Duration.ofSeconds(10)).open(f.account);
        feed.start(recorder);
        await("the feed to synchronise", () -> recorder.states.contains("live"));
    }

    @Test
    void humanOrdersBecomeOneSignalEachInOrder() {
        openFeed();
        long limit = f.sandbox.humanPlaceOrder(TradovateFixture.ACCOUNT, "Buy", "ESZ6", 2, "Limit",
                new BigDecimal("4990.25"), null);
        f.sandbox.humanModifyOrder(limit, 3, "Limit", new BigDecimal("4991"), null);
        f.sandbox.humanCancelOrder(limit);
        long market = f.sandbox.humanPlaceOrder(TradovateFixture.ACCOUNT, "Sell", "ESZ6", 1, "Market", null, null);

        await("four order events and a fill", () -> recorder.signals.size() >= 5);
        assertEquals(List.of("ORDER_NEW " + limit, "ORDER_MODIFY " + limit, "ORDER_CANCEL " + limit,
                "ORDER_NEW " + market, "FILL " + market), recorder.summary());

        Signal created = recorder.signals.get(0);
        assertEquals("tradovate", created.source());
        assertEquals("acct-tv-1", created.masterAccount());
        assertEquals("tenant-1", created.tenant());
        assertEquals("ESZ26", created.instrument().symbol());
        assertEquals(Side.BUY, created.side());
        assertEquals(OrderType.LIMIT, created.orderType());
        assertEquals(new BigDecimal("2"), created.quantity().stripTrailingZeros());
        assertEquals(new BigDecimal("4990.25"), created.limitPrice());
        assertEquals("acct-tv-1:" + limit + ":new", created.sourceEventId());
        created.validate();

        Signal modified = recorder.signals.get(1);
        assertEquals(new BigDecimal("3"), modified.quantity().stripTrailingZeros());
        assertEquals(new BigDecimal("4991"), modified.limitPrice());

        Signal fill = recorder.signals.get(4);
        assertEquals(Side.SELL, fill.side());
        assertEquals(new BigDecimal("5000"), fill.price());
        fill.validate();
        assertEquals(1, recorder.fills.size());
        assertNull(recorder.fills.get(0).clientOrderId(), "a human order has no copy id");
    }

    @Test
    void reconnectReSyncsAndDeliversOnlyWhatWasMissed() {
        openFeed();
        long a = f.sandbox.humanPlaceOrder(TradovateFixture.ACCOUNT, "Buy", "ESZ6", 1, "Limit",
                new BigDecimal("4980"), null);
        long b = f.sandbox.humanPlaceOrder(TradovateFixture.ACCOUNT, "Sell", "ESZ6", 1, "Limit",
                new BigDecimal("5020"), null);
        await("two orders", () -> recorder.signals.size() >= 2);

        f.sandbox.refuseSockets(true);
        f.sandbox.dropSockets();
        await("the drop to be noticed", () -> recorder.states.contains("disconnected"));
        // while the feed is away: a modify, a cancel, a new order that fills, and the token expires
        f.sandbox.humanModifyOrder(a, 1, "Limit", new BigDecimal("4985"), null);
        f.sandbox.humanCancelOrder(b);
        long c = f.sandbox.humanPlaceOrder(TradovateFixture.ACCOUNT, "Buy", "ESZ6", 2, "Market", null, null);
        f.sandbox.expireTokens();
        int liveBefore = recorder.count("live");
        f.sandbox.refuseSockets(false);

        await("the re-sync", () -> recorder.count("live") > liveBefore);
        await("the missed events", () -> recorder.signals.size() >= 6);
        long d = f.sandbox.humanPlaceOrder(TradovateFixture.ACCOUNT, "Sell", "ESZ6", 1, "Limit",
                new BigDecimal("5030"), null);
        await("a live event after the re-sync", () -> recorder.signals.size() >= 7);

        assertEquals(List.of("ORDER_NEW " + a, "ORDER_NEW " + b,
                "ORDER_MODIFY " + a, "ORDER_CANCEL " + b, "ORDER_NEW " + c, "FILL " + c,
                "ORDER_NEW " + d), recorder.summary());
        assertEquals(recorder.signals.size(),
                recorder.signals.stream().map(Signal::sourceEventId).collect(Collectors.toSet()).size(),
                "no event id twice");
    }

    @Test
    void ordersFromBeforeTheStartAreLearnedNotDelivered() {
        f.sandbox.advanceTime(Duration.ofHours(-1));
        long working = f.sandbox.humanPlaceOrder(TradovateFixture.ACCOUNT, "Buy", "ESZ6", 1, "Limit",
                new BigDecimal("4980"), null);
        long gone = f.sandbox.humanPlaceOrder(TradovateFixture.ACCOUNT, "Sell", "ESZ6", 1, "Limit",
                new BigDecimal("5050"), null);
        f.sandbox.humanCancelOrder(gone);
        f.sandbox.humanPlaceOrder(TradovateFixture.ACCOUNT, "Buy", "ESZ6", 1, "Market", null, null);
        f.sandbox.advanceTime(Duration.ofHours(1));

        openFeed();
        f.sandbox.humanModifyOrder(working, 1, "Limit", new BigDecimal("4985"), null);
        long fresh = f.sandbox.humanPlaceOrder(TradovateFixture.ACCOUNT, "Sell", "ESZ6", 1, "Limit",
                new BigDecimal("5060"), null);
        await("the change and the new order", () -> recorder.signals.size() >= 3);

        // the earlier cancel is still told (a copy may be working); the earlier arrivals and fill are not
        assertEquals(List.of("ORDER_CANCEL " + gone, "ORDER_MODIFY " + working, "ORDER_NEW " + fresh),
                recorder.summary());
        assertEquals(1, recorder.fills.size(), "the earlier fill still reaches positions, by Tradovate's fill id");
    }

    @Test
    void copyOrdersOnAFollowerComeBackAsFillsWithTheirCopyId() {
        openFeed();
        var order = TradovateFixture.market(Side.BUY, "1");
        f.adapter.place(order, f.account);

        await("the fill", () -> !recorder.fills.isEmpty());
        Fill fill = recorder.fills.get(0);
        assertEquals(order.id(), fill.clientOrderId());
        assertEquals("acct-tv-1", fill.account());
        assertEquals(new BigDecimal("5000"), fill.price());
        assertEquals("ESZ26", fill.instrument().symbol());
    }

    @Test
    void clientSendsTheHeartbeatTradovateRequires() {
        openFeed();
        await("two client heartbeats", () -> f.sandbox.heartbeatsReceived() >= 2);
        List<String> requests = f.sandbox.socketMessages().stream().filter(m -> !m.equals("[]")).toList();
        assertTrue(requests.get(0).startsWith("authorize\n0\n\n"), requests.get(0));
        assertEquals("user/syncrequest\n1\n\n{\"users\":[" + f.userId + "]}", requests.get(1));
        assertEquals(1, f.sandbox.openSockets());
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

        int count(String state) {
            return (int) states.stream().filter(state::equals).count();
        }

        List<String> summary() {
            return signals.stream().map(s -> s.kind() + " " + s.masterOrderRef()).toList();
        }
    }
}
