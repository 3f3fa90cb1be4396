package io.copygate.broker.binance;

import static io.copygate.broker.binance.BinanceFixture.cancel;
import static io.copygate.broker.binance.BinanceFixture.market;
import static io.copygate.broker.binance.BinanceFixture.modify;
import static io.copygate.broker.binance.BinanceFixture.order;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.broker.RecordingFeedListener;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.binance.BinanceSandbox;
import io.copygate.sim.spot.SpotOrder;
import io.copygate.specs.BrokerSpec;
import java.math.BigDecimal;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every REST request the Binance adapter and feed send, captured by the sandbox, is one Binance's
 * own OpenAPI document ({@code binance/spot_api.yaml}) allows.
 */
class BinanceSpecContractTest {
    private final BinanceFixture fx = new BinanceFixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void everyRequestTheAdapterAndFeedSendIsDocumented() {
        BrokerSpec spec = BrokerSpec.load("binance/spot_api.yaml");
        BinanceAdapter adapter = new BinanceAdapter(fx.http);
        adapter.place(market("cgspec000000000001", Side.BUY, "0.01"), fx.follower);
        adapter.place(order("cgspec000000000002", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.GTC), fx.follower);
        adapter.place(order("cgspec000000000003", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.IOC), fx.follower);
        adapter.place(order("cgspec000000000004", Side.SELL, "0.1", OrderType.LIMIT, "61000", null, TimeInForce.FOK), fx.follower);
        adapter.place(order("cgspec000000000005", Side.SELL, "0.1", OrderType.STOP, null, "59000", TimeInForce.GTC), fx.follower);
        adapter.place(order("cgspec000000000006", Side.BUY, "0.1", OrderType.STOP_LIMIT, "61100", "61000", TimeInForce.GTC), fx.follower);
        adapter.place(market("cgspec000000000001", Side.BUY, "0.01").withAttempts(1), fx.follower);
        adapter.findByClientOrderId(market("cgspec000000000099", Side.BUY, "0.01"), fx.follower);
        adapter.modify(modify("cgspec000000000007", "cgspec000000000002", "0.2", "58000"), fx.follower);
        adapter.cancel(cancel("cgspec000000000008", "cgspec000000000007"), fx.follower);

        BinanceAccountFeed feed = new BinanceAccountFeedFactory(fx.http).open(fx.master);
        RecordingFeedListener listener = new RecordingFeedListener();
        fx.sandbox.humanOrder("m-key", "BTCUSDT", Side.BUY, SpotOrder.Type.MARKET, new BigDecimal("0.1"), null, null);
        feed.start(listener);
        listener.awaitState(s -> s.startsWith("connected"), "the feed's catch-up");
        feed.close();

        Set<String> endpoints = fx.sandbox.requests().stream()
                .map(r -> r.method() + " " + r.pathAndQuery().replaceAll("\\?.*", "")).collect(Collectors.toSet());
        assertTrue(endpoints.containsAll(Set.of("GET /api/v3/exchangeInfo", "POST /api/v3/order", "GET /api/v3/order",
                "DELETE /api/v3/order", "POST /api/v3/order/cancelReplace", "GET /api/v3/allOrders",
                "GET /api/v3/myTrades")), endpoints.toString());
        for (BinanceSandbox.Recorded r : fx.sandbox.requests()) {
            spec.assertAllows(r.method(), r.pathAndQuery(), r.headers(), r.body());
        }
    }

    @Test
    void theSpecCheckRefusesAnUndocumentedOrder() {
        BrokerSpec spec = BrokerSpec.load("binance/spot_api.yaml");
        assertFalse(spec.problems("POST", "/api/v3/order?symbol=BTCUSDT&side=BUY&type=MARKET_ISH&quantity=1"
                + "&timestamp=1&signature=x", java.util.Map.of("X-MBX-APIKEY", "k"), null).isEmpty());
    }
}
