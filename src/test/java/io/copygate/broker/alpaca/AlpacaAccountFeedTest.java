package io.copygate.broker.alpaca;

import static io.copygate.broker.alpaca.AlpacaTestSupport.await;
import static io.copygate.broker.alpaca.AlpacaTestSupport.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.AccountFeedListener;
import io.copygate.broker.BrokerAccount;
import io.copygate.signal.Bracket;
import io.copygate.signal.Fill;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.alpaca.AlpacaSandbox.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A master's trade_updates feed against the sandbox: every event exactly once, across cuts and polls. */
class AlpacaAccountFeedTest extends AlpacaSandboxTestBase {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AlpacaFeedSettings FAST = new AlpacaFeedSettings(Duration.ofMillis(20), Duration.ofMillis(200),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ZERO);
    private final List<AlpacaAccountFeed> feeds = new ArrayList<>();

    @AfterEach
    void closeFeeds() {
        feeds.forEach(AlpacaAccountFeed::close);
    }

    /** Collects what a feed delivers, as the journal would receive it. */
    static final class Recorder implements AccountFeedListener {
        final List<Signal> signals = new CopyOnWriteArrayList<>();
        final List<Fill> fills = new CopyOnWriteArrayList<>();
        final List<String> states = new CopyOnWriteArrayList<>();

        @Override
        public void onSignal(Signal signal) {
            signals.add(signal.validate());
        }

        @Override
        public void onFill(Fill fill) {
            fills.add(fill);
        }

        @Override
        public void onConnectionState(String state, String detail) {
            states.add(state + ": " + detail);
        }

        List<String> events() {
            return signals.stream().map(s -> s.kind() + " " + s.sourceEventId()).toList();
        }

        boolean connectedTimes(int n) {
            return states.stream().filter(s -> s.startsWith("connected")).count() >= n;
        }
    }

    private AlpacaAccountFeed feed(BrokerAccount master, Recorder recorder) {
        AlpacaAccountFeed feed = new AlpacaAccountFeedFactory(AlpacaTestSupport.http(Duration.ofSeconds(5)), FAST).open(master);
        feeds.add(feed);
        feed.start(recorder);
        return feed;
    }

    private static String id(JsonNode order) {
        return order.path("id").asText();
    }

    @Test
    void authenticatesListensAndGoesLiveWithBinaryFrames() {
        Fixture master = newAccount("100000");
        Recorder recorder = new Recorder();

        AlpacaAccountFeed feed = feed(master.account(), recorder);

        await("the feed to listen", WAIT, () -> recorder.connectedTimes(1) && sandbox.listenerCount(master.name()) == 1);
        assertTrue(feed.isConnected());
        List<RecordedRequest> stream = sandbox.requests().stream().filter(r -> r.method().equals("WS")).toList();
        JsonNode auth = AlpacaJson.read(stream.get(0).body());
        assertEquals("auth", auth.path("action").asText());
        assertEquals(master.sandboxAccount().keyId(), auth.path("key").asText());
        JsonNode listen = AlpacaJson.read(stream.get(1).body());
        assertEquals("listen", listen.path("action").asText());
        assertEquals("trade_updates", listen.path("data").path("streams").get(0).asText());
        assertTrue(recorder.signals.isEmpty(), "a fresh feed replays nothing from before its start");
    }

    @Test
    void everyEventKindBecomesItsSignal() {
        Fixture master = newAccount("1000000");
        Recorder r = new Recorder();
        feed(master.account(), r);
        await("the feed to listen", WAIT, () -> r.connectedTimes(1));
        String m = master.name();
        sandbox.setPrice("AAPL", d("100"));
        sandbox.setPrice("SPY", d("500"));

        JsonNode market = sandbox.placeAsHuman(m, "{\"symbol\":\"AAPL\",\"qty\":\"10\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}");
        JsonNode limit = sandbox.placeAsHuman(m, "{\"symbol\":\"AAPL\",\"qty\":\"5\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"90\",\"time_in_force\":\"gtc\"}");
        sandbox.fill(m, id(limit), d("2"), d("90"));
        JsonNode replacement = sandbox.replaceAsHuman(m, id(limit), "{\"qty\":\"6\",\"limit_price\":\"91\"}");
        sandbox.cancelAsHuman(m, id(replacement));
        JsonNode expiring = sandbox.placeAsHuman(m, "{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"80\",\"time_in_force\":\"day\"}");
        sandbox.expire(m, id(expiring));
        JsonNode rejected = sandbox.placeAsHuman(m, "{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"81\",\"time_in_force\":\"day\"}");
        sandbox.rejectOrder(m, id(rejected));
        JsonNode bracket = sandbox.placeAsHuman(m, "{\"symbol\":\"SPY\",\"qty\":\"2\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"499\","
                + "\"time_in_force\":\"gtc\",\"order_class\":\"bracket\",\"take_profit\":{\"limit_price\":\"510\"},\"stop_loss\":{\"stop_price\":\"490\"}}");
        sandbox.setPrice("SPY", d("498"));
        sandbox.setPrice("SPY", d("511"));
        String takeProfitLeg = id(bracket.path("legs").get(0));

        List<String> expected = List.of(
                "ORDER_NEW " + id(market) + ":new",
                "FILL " + id(market) + ":fill:10",
                "ORDER_NEW " + id(limit) + ":new",
                "FILL " + id(limit) + ":fill:2",
                "ORDER_MODIFY " + id(limit) + ":replaced",
                "ORDER_CANCEL " + id(replacement) + ":canceled",
                "ORDER_NEW " + id(expiring) + ":new",
                "ORDER_CANCEL " + id(expiring) + ":expired",
                "ORDER_NEW " + id(rejected) + ":new",
                "ORDER_CANCEL " + id(rejected) + ":rejected",
                "ORDER_NEW " + id(bracket) + ":new",
                "FILL " + id(bracket) + ":fill:2",
                "FILL " + takeProfitLeg + ":fill:2");
        await("all events", WAIT, () -> r.signals.size() >= expected.size());
        assertEquals(expected, r.events());

        Signal newMarket = r.signals.get(0);
        assertEquals(Instrument.equity("AAPL"), newMarket.instrument());
        assertEquals(Side.BUY, newMarket.side());
        assertEquals(0, d("10").compareTo(newMarket.quantity()));
        assertEquals(OrderType.MARKET, newMarket.orderType());
        assertEquals(TimeInForce.DAY, newMarket.timeInForce());
        assertEquals("alpaca", newMarket.source());
        assertEquals(master.account().id(), newMarket.masterAccount());
        Signal fill = r.signals.get(1);
        assertEquals(0, d("100").compareTo(fill.price()));
        Signal modify = r.signals.get(4);
        assertEquals(id(limit), modify.masterOrderRef());
        assertEquals(0, d("6").compareTo(modify.quantity()));
        assertEquals(0, d("91").compareTo(modify.limitPrice()));
        assertEquals(id(limit), r.signals.get(5).masterOrderRef(), "the replacement's cancel names the order the followers copied");
        Signal bracketNew = r.signals.get(10);
        assertEquals(new Bracket(d("490"), null, d("510")), bracketNew.bracket());
        assertEquals(Side.SELL, r.signals.get(12).side(), "the take-profit exit sold");
        assertEquals(List.of(d("10"), d("2"), d("2"), d("2")), r.fills.stream().map(Fill::quantity).toList());
        assertEquals(id(market), r.fills.get(0).brokerOrderId());
    }

    @Test
    void aStreamCutMidBurstIsFilledByTheCatchUpWithNothingMissedOrDoubled() {
        Fixture master = newAccount("1000000");
        Recorder r = new Recorder();
        feed(master.account(), r);
        await("the feed to listen", WAIT, () -> r.connectedTimes(1));
        String m = master.name();
        sandbox.setPrice("MSFT", d("400"));
        sandbox.dropStreamAfter(m, 3);
        sandbox.refuseStream(m, true); // keep it down until the burst is over

        JsonNode a = sandbox.placeAsHuman(m, "{\"symbol\":\"MSFT\",\"qty\":\"3\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}");
        JsonNode b = sandbox.placeAsHuman(m, "{\"symbol\":\"MSFT\",\"qty\":\"5\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"390\",\"time_in_force\":\"gtc\"}");
        await("the cut", WAIT, () -> sandbox.listenerCount(m) == 0);
        sandbox.fill(m, id(b), d("2"), d("389.5"));
        JsonNode b2 = sandbox.replaceAsHuman(m, id(b), "{\"qty\":\"8\",\"limit_price\":\"391\"}");
        sandbox.cancelAsHuman(m, id(b2));
        JsonNode c = sandbox.placeAsHuman(m, "{\"symbol\":\"MSFT\",\"qty\":\"1\",\"side\":\"sell\",\"type\":\"market\",\"time_in_force\":\"day\"}");
        JsonNode d = sandbox.placeAsHuman(m, "{\"symbol\":\"MSFT\",\"qty\":\"4\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"380\",\"time_in_force\":\"day\"}");
        sandbox.refuseStream(m, false);
        await("the reconnect", WAIT, () -> r.connectedTimes(2));
        JsonNode e = sandbox.placeAsHuman(m, "{\"symbol\":\"MSFT\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"370\",\"time_in_force\":\"day\"}");

        List<String> expected = List.of(
                "ORDER_NEW " + id(a) + ":new",          // live
                "FILL " + id(a) + ":fill:3",             // live
                "ORDER_NEW " + id(b) + ":new",          // live, then the cut
                "FILL " + id(b) + ":fill:2",             // caught up
                "ORDER_MODIFY " + id(b) + ":replaced",
                "ORDER_CANCEL " + id(b2) + ":canceled",
                "ORDER_NEW " + id(c) + ":new",
                "FILL " + id(c) + ":fill:1",
                "ORDER_NEW " + id(d) + ":new",
                "ORDER_NEW " + id(e) + ":new");         // live again
        await("every event", WAIT, () -> r.signals.size() >= expected.size());
        assertEquals(expected, r.events());
        assertEquals(r.signals.size(), new HashSet<>(r.events()).size(), "no event twice");
        Signal caughtUpFill = r.signals.get(3);
        assertEquals(0, d("2").compareTo(caughtUpFill.quantity()));
        assertEquals(0, d("389.5").compareTo(caughtUpFill.price()));
        assertEquals(0, d("8").compareTo(r.signals.get(4).quantity()));
        assertEquals(id(b), r.signals.get(5).masterOrderRef());
    }

    @Test
    void pollingDeliversWhatHappenedOnceAndOnlyOnce() {
        Fixture master = newAccount("1000000", "feed", "poll");
        Recorder r = new Recorder();
        AlpacaAccountFeed feed = feed(master.account(), r);
        String m = master.name();
        sandbox.setPrice("KO", d("60"));

        JsonNode a = sandbox.placeAsHuman(m, "{\"symbol\":\"KO\",\"qty\":\"10\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}");
        JsonNode b = sandbox.placeAsHuman(m, "{\"symbol\":\"KO\",\"qty\":\"5\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"59\",\"time_in_force\":\"gtc\"}");
        feed.poll();
        feed.poll();
        assertEquals(List.of("ORDER_NEW " + id(a) + ":new", "FILL " + id(a) + ":fill:10", "ORDER_NEW " + id(b) + ":new"),
                r.events());

        sandbox.setPrice("KO", d("58.9"));
        feed.poll();

        assertEquals("FILL " + id(b) + ":fill:5", r.events().get(3));
        assertEquals(4, r.signals.size());
        assertFalse(feed.isConnected(), "a polling feed opens no stream");
        assertEquals(0, sandbox.listenerCount(m));
    }

    @Test
    void ordersOpenBeforeTheStartAreNotReplayedButTheirLaterFillsCount() {
        Fixture master = newAccount("1000000", "feed", "poll");
        String m = master.name();
        JsonNode before = sandbox.placeAsHuman(m, "{\"symbol\":\"PEP\",\"qty\":\"5\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"150\",\"time_in_force\":\"gtc\"}");
        sandbox.fill(m, id(before), d("2"), d("150"));
        await("the order to be older than the catch-up overlap", WAIT,
                () -> Instant.parse(before.path("submitted_at").asText()).plusSeconds(2).isBefore(Instant.now()));
        Recorder r = new Recorder();
        AlpacaAccountFeed feed = feed(master.account(), r);
        feed.poll(); // learns the open order as it stands

        sandbox.fill(m, id(before), null, d("149"));
        feed.poll(); // the open order is inside the window now: its arrival must not be replayed

        assertEquals(List.of("FILL " + id(before) + ":fill:5"), r.events());
        assertEquals(0, d("3").compareTo(r.signals.get(0).quantity()), "only what filled after the start");
        assertEquals(0, d("149").compareTo(r.signals.get(0).price()), "the price of those executions, not the average");
    }

    @Test
    void anOrderPlacedWhileTheFeedCatchesUpIsNotMistakenForAnOldOne() throws Exception {
        Fixture master = newAccount("1000000", "feed", "poll");
        String m = master.name();
        Recorder r = new Recorder();
        AlpacaAccountFeed feed = feed(master.account(), r);
        sandbox.delayAnswers(m, Duration.ofSeconds(2)); // hold the catch-up between its two reads
        Thread poll = new Thread(feed::poll);
        poll.start();
        await("the catch-up's first read", WAIT, () -> sandbox.requests().stream()
                .anyMatch(q -> q.pathAndQuery().startsWith("/v2/orders?status=all") && q.headers().containsValue(master.sandboxAccount().keyId())));

        JsonNode placed = sandbox.placeAsHuman(m, "{\"symbol\":\"T\",\"qty\":\"3\",\"side\":\"buy\",\"type\":\"limit\","
                + "\"limit_price\":\"15\",\"time_in_force\":\"day\"}");
        poll.join(WAIT.toMillis());
        sandbox.clearFaults(m);
        feed.poll();

        assertEquals(List.of("ORDER_NEW " + id(placed) + ":new"), r.events());
    }

    @Test
    void aChainOfReplacementsKeepsTheFirstOrderAsTheReference() {
        Fixture master = newAccount("1000000");
        Recorder r = new Recorder();
        feed(master.account(), r);
        await("the feed to listen", WAIT, () -> r.connectedTimes(1));
        String m = master.name();

        JsonNode first = sandbox.placeAsHuman(m, "{\"symbol\":\"XOM\",\"qty\":\"5\",\"side\":\"sell\",\"type\":\"stop\",\"stop_price\":\"100\",\"time_in_force\":\"gtc\"}");
        JsonNode second = sandbox.replaceAsHuman(m, id(first), "{\"stop_price\":\"101\"}");
        JsonNode third = sandbox.replaceAsHuman(m, id(second), "{\"stop_price\":\"102\"}");
        sandbox.cancelAsHuman(m, id(third));

        await("the events", WAIT, () -> r.signals.size() >= 4);
        assertEquals(List.of(SignalKind.ORDER_NEW, SignalKind.ORDER_MODIFY, SignalKind.ORDER_MODIFY, SignalKind.ORDER_CANCEL),
                r.signals.stream().map(Signal::kind).toList());
        r.signals.forEach(s -> assertEquals(id(first), s.masterOrderRef()));
        assertEquals(0, d("102").compareTo(r.signals.get(2).stopPrice()));
    }

    @Test
    void refusedKeysStopTheFeedWithoutRepeatingTheSecret() {
        Fixture master = newAccount("1000000");
        BrokerAccount wrong = new BrokerAccount(master.account().id(), "tenant-1", "alpaca", "x", master.account().settings(),
                java.util.Map.of("keyId", master.sandboxAccount().keyId(), "secretKey", "wrong-secret-0815"));
        Recorder r = new Recorder();

        AlpacaAccountFeed feed = feed(wrong, r);

        await("the refusal", WAIT, () -> r.states.stream().anyMatch(s -> s.startsWith("failed")));
        assertFalse(feed.isConnected());
        assertTrue(r.states.stream().noneMatch(s -> s.contains("0815")));
        assertTrue(sandbox.requests().stream().noneMatch(q -> q.body() != null && q.body().contains("0815")),
                "the sandbox keeps stream secrets masked");
    }
}
