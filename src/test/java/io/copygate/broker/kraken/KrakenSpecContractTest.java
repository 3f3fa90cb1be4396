package io.copygate.broker.kraken;

import static io.copygate.broker.kraken.KrakenFixture.cancel;
import static io.copygate.broker.kraken.KrakenFixture.market;
import static io.copygate.broker.kraken.KrakenFixture.modify;
import static io.copygate.broker.kraken.KrakenFixture.order;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.broker.RecordingFeedListener;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.kraken.KrakenSandbox;
import io.copygate.sim.spot.SpotOrder;
import io.copygate.specs.BrokerSpec;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every REST request the Kraken adapter and feed send, captured by the sandbox, is one Kraken's own
 * OpenAPI document ({@code kraken/spot-rest/openapi_v3.yaml}, split over many files whose
 * {@code $ref}s the loader resolves) allows.
 */
class KrakenSpecContractTest {
    private static final String SPEC = "kraken/spot-rest/openapi_v3.yaml";
    private final KrakenFixture fx = new KrakenFixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void everyRequestTheAdapterAndFeedSendIsDocumented() {
        BrokerSpec spec = BrokerSpec.load(SPEC);
        KrakenAdapter adapter = new KrakenAdapter(fx.http);
        adapter.place(market("cgkspec00000000001", Side.BUY, "0.01"), fx.follower);
        adapter.place(order("cgkspec00000000002", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.GTC), fx.follower);
        adapter.place(order("cgkspec00000000003", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.IOC), fx.follower);
        adapter.place(order("cgkspec00000000004", Side.SELL, "0.1", OrderType.STOP, null, "58000", TimeInForce.GTC), fx.follower);
        adapter.place(order("cgkspec00000000005", Side.BUY, "0.1", OrderType.STOP_LIMIT, "61100", "61000", TimeInForce.GTC), fx.follower);
        adapter.place(market("cgkspec00000000001", Side.BUY, "0.01").withAttempts(1), fx.follower);
        adapter.modify(modify("cgkspec00000000006", "cgkspec00000000002", "0.2", "58000"), fx.follower);
        adapter.cancel(cancel("cgkspec00000000007", "cgkspec00000000002"), fx.follower);

        KrakenAccountFeed feed = new KrakenAccountFeedFactory(fx.http).open(fx.master);
        RecordingFeedListener listener = new RecordingFeedListener();
        feed.start(listener);
        listener.awaitState(s -> s.startsWith("connected"), "the feed's catch-up");
        fx.sandbox.humanOrder(fx.key(fx.master), "XBTUSD", Side.BUY, SpotOrder.Type.MARKET, new BigDecimal("0.1"), null, null);
        listener.awaitFills(1);
        feed.close();

        Set<String> endpoints = fx.sandbox.requests().stream()
                .map(r -> r.method() + " " + r.pathAndQuery().replaceAll("\\?.*", "")).collect(Collectors.toSet());
        assertTrue(endpoints.containsAll(Set.of("GET /0/public/AssetPairs", "POST /0/private/AddOrder",
                "POST /0/private/OpenOrders", "POST /0/private/ClosedOrders", "POST /0/private/AmendOrder",
                "POST /0/private/CancelOrder", "POST /0/private/GetWebSocketsToken", "POST /0/private/TradesHistory")),
                endpoints.toString());
        for (KrakenSandbox.Recorded r : fx.sandbox.requests()) {
            spec.assertAllows(r.method(), r.pathAndQuery(), r.headers(), r.body());
        }
    }

    @Test
    void theSpecCheckRefusesAnUndocumentedOrderField() {
        BrokerSpec spec = BrokerSpec.load(SPEC);
        Map<String, String> h = Map.of("Content-Type", "application/json", "API-Key", "k", "API-Sign", "s");
        assertFalse(spec.problems("POST", "/0/private/AddOrder", h, "{\"nonce\":1,\"pair\":\"XBTUSD\",\"type\":\"buy\","
                + "\"ordertype\":\"limit\",\"volume\":\"1\",\"price\":\"1\",\"timeinforce\":\"FOK\"}").isEmpty());
        assertFalse(spec.problems("POST", "/0/private/AddOrder", h, "{\"nonce\":1,\"pair\":\"XBTUSD\",\"type\":\"buy\","
                + "\"ordertype\":\"limit\",\"volume\":\"1\",\"client_id\":\"x\"}").isEmpty());
    }
}
