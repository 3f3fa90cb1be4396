package io.copygate.broker.coinbase;

import static io.copygate.broker.coinbase.CoinbaseFixture.cancel;
import static io.copygate.broker.coinbase.CoinbaseFixture.market;
import static io.copygate.broker.coinbase.CoinbaseFixture.modify;
import static io.copygate.broker.coinbase.CoinbaseFixture.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.OutcomeUnknownException;
import io.copygate.broker.RateLimitedException;
import io.copygate.broker.SymbolRules;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.coinbase.CoinbaseFault;
import io.copygate.sim.coinbase.CoinbaseSandbox;
import io.copygate.sim.spot.SpotOrder;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Coinbase adapter against the Coinbase sandbox over loopback HTTP. */
class CoinbaseAdapterTest {
    private final CoinbaseFixture fx = new CoinbaseFixture();
    private final CoinbaseAdapter adapter = new CoinbaseAdapter(fx.http);

    @AfterEach
    void stop() {
        fx.close();
    }

    private SpotOrder held(String clientId) {
        return fx.sandbox.order(fx.followerKey, clientId).orElseThrow(() -> new AssertionError("no " + clientId));
    }

    private JsonNode lastOrderBody() throws Exception {
        CoinbaseSandbox.Recorded r = fx.sandbox.requests().stream()
                .filter(x -> x.method().equals("POST") && x.pathAndQuery().equals("/api/v3/brokerage/orders"))
                .reduce((a, b) -> b).orElseThrow();
        return CoinbaseClient.JSON.readTree(r.body());
    }

    @Test
    void everyOrderTypeGoesWithItsOrderConfiguration() throws Exception {
        adapter.place(market("cgcmarket000000001", Side.BUY, "0.01"), fx.follower);
        assertEquals("{\"market_market_ioc\":{\"base_size\":\"0.01\"}}", lastOrderBody().get("order_configuration").toString());
        assertEquals(SpotOrder.Status.FILLED, held("cgcmarket000000001").status());
        adapter.place(order("cgcmarketfok000001", Side.BUY, "0.01", OrderType.MARKET, null, null, TimeInForce.FOK), fx.follower);
        assertTrue(lastOrderBody().get("order_configuration").has("market_market_fok"));
        adapter.place(order("cgclimitgtc0000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.GTC), fx.follower);
        assertEquals("{\"limit_limit_gtc\":{\"base_size\":\"0.1\",\"limit_price\":\"59000\",\"post_only\":false}}",
                lastOrderBody().get("order_configuration").toString());
        adapter.place(order("cgclimitioc0000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.IOC), fx.follower);
        assertTrue(lastOrderBody().get("order_configuration").has("sor_limit_ioc"));
        assertEquals(SpotOrder.Status.EXPIRED, held("cgclimitioc0000001").status());
        adapter.place(order("cgclimitfok0000001", Side.SELL, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.FOK), fx.follower);
        assertTrue(lastOrderBody().get("order_configuration").has("limit_limit_fok"));
        assertEquals(SpotOrder.Status.FILLED, held("cgclimitfok0000001").status());
        adapter.place(order("cgcstoplimit000001", Side.SELL, "0.1", OrderType.STOP_LIMIT, "57900", "58000",
                TimeInForce.GTC), fx.follower);
        assertEquals("{\"stop_limit_stop_limit_gtc\":{\"base_size\":\"0.1\",\"limit_price\":\"57900\",\"stop_price\":\"58000\","
                + "\"stop_direction\":\"STOP_DIRECTION_STOP_DOWN\"}}", lastOrderBody().get("order_configuration").toString());
        fx.sandbox.setPrice("BTC-USD", new BigDecimal("57950"));
        assertEquals(SpotOrder.Status.FILLED, held("cgcstoplimit000001").status());
        assertEquals(SpotOrder.Status.FILLED, held("cgclimitgtc0000001").status());
    }

    @Test
    void aStopMarketCopyNeedsTheSlippageGuard() {
        CopyOrder stop = order("cgcstop00000000001", Side.SELL, "0.1", OrderType.STOP, null, "58000", TimeInForce.GTC);
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class, () -> adapter.place(stop, fx.follower));
        assertTrue(e.getMessage().startsWith("Coinbase Advanced Trade has no stop-market order"), e.getMessage());
        CopyOrder guarded = adapter.guardSlippage(stop, fx.follower, new BigDecimal("0.01"));
        assertEquals(OrderType.STOP_LIMIT, guarded.orderType());
        assertEquals(new BigDecimal("57420"), guarded.limitPrice());
        adapter.place(guarded, fx.follower);
        assertEquals(SpotOrder.Type.STOP_LIMIT, held("cgcstop00000000001").type());
        CopyOrder m = adapter.guardSlippage(market("cgcslip0000000001", Side.BUY, "0.01"), fx.follower, new BigDecimal("0.002"));
        assertEquals(new BigDecimal("60120"), m.limitPrice());
        assertEquals(TimeInForce.IOC, m.timeInForce());
    }

    @Test
    void sizesAndPricesGoOnTheIncrementsAndSmallCopiesAreSkipped() {
        adapter.place(order("cgcround0000000001", Side.BUY, "0.1234567891", OrderType.LIMIT, "59000.019", null,
                TimeInForce.GTC), fx.follower);
        assertEquals(0, new BigDecimal("0.12345678").compareTo(held("cgcround0000000001").quantity()));
        assertEquals(0, new BigDecimal("59000.01").compareTo(held("cgcround0000000001").limitPrice()));
        SymbolRules.Sized tiny = adapter.size(market("cgctiny00000000001", Side.BUY, "0.00001"), fx.follower);
        assertEquals("notional 0.6 (0.00001 × 60000) is below Coinbase's minimum 1 for BTC-USD", tiny.skipReason());
    }

    @Test
    void rejectsInside200CarryCoinbasesReason() {
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> adapter.place(market("cgcpoor00000000001", Side.SELL, "3"), fx.follower));
        assertEquals("INSUFFICIENT_FUND: Insufficient balance in source account (PREVIEW_INSUFFICIENT_FUND)", e.getMessage());
    }

    @Test
    void aRepeatedClientOrderIdReturnsTheFirstOrder() {
        CopyOrder o = order("cgcdup000000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.GTC);
        BrokerAck first = adapter.place(o, fx.follower);
        BrokerAck again = adapter.place(o, fx.follower);
        assertEquals(first.brokerOrderId(), again.brokerOrderId());
        assertEquals(1, fx.sandbox.orders(fx.followerKey).size());
    }

    @Test
    void lookupCancelAndEditWorkByClientOrderId() {
        CopyOrder o = order("cgcwork00000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.GTC);
        assertTrue(adapter.findByClientOrderId(o, fx.follower).isEmpty());
        BrokerAck placed = adapter.place(o, fx.follower);
        BrokerAck found = adapter.findByClientOrderId(o, fx.follower).orElseThrow();
        assertEquals(placed.brokerOrderId(), found.brokerOrderId());
        assertEquals("OPEN", found.status());
        adapter.modify(modify("cgcmod000000000001", "cgcwork00000000001", "0.2", "58500"), fx.follower);
        assertEquals(0, new BigDecimal("0.2").compareTo(held("cgcwork00000000001").quantity()));
        assertEquals(0, new BigDecimal("58500").compareTo(held("cgcwork00000000001").limitPrice()));
        CopyOrder c = cancel("cgccancel000000001", "cgcwork00000000001");
        assertEquals("CANCELLED", adapter.cancel(c, fx.follower).status());
        assertTrue(adapter.cancel(c, fx.follower).foundOnLookup(), "a retried cancel finds it done");
        assertEquals("ONLY_OPEN_ORDERS_CAN_BE_EDITED", assertThrows(BrokerRejectedException.class,
                () -> adapter.modify(modify("cgcmod000000000002", "cgcwork00000000001", "0.3", null), fx.follower))
                .getMessage());
    }

    @Test
    void onlyLimitGtcOrdersCanBeEdited() {
        adapter.place(order("cgcstoplim00000001", Side.SELL, "0.1", OrderType.STOP_LIMIT, "57900", "58000",
                TimeInForce.GTC), fx.follower);
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class, () -> adapter.modify(
                modify("cgcmod000000000003", "cgcstoplim00000001", "0.2", null), fx.follower));
        assertTrue(e.getMessage().startsWith("Coinbase edits only limit GTC orders"), e.getMessage());
    }

    @Test
    void anUnknownOutcomeIsResolvedByLookupWithoutADuplicate() {
        fx.sandbox.injectFault(CoinbaseFault.SERVER_ERROR_AFTER, "POST /api/v3/brokerage/orders");
        CopyOrder a = market("cgcunknown00000001", Side.BUY, "0.01");
        assertThrows(OutcomeUnknownException.class, () -> adapter.place(a, fx.follower));
        fx.sandbox.noAnswerFor(Duration.ofSeconds(3));
        fx.sandbox.injectFault(CoinbaseFault.NO_ANSWER_AFTER, "POST /api/v3/brokerage/orders");
        CopyOrder b = market("cgcunknown00000002", Side.BUY, "0.01");
        assertThrows(OutcomeUnknownException.class, () -> adapter.place(b, fx.follower));
        assertTrue(adapter.place(a.withAttempts(1), fx.follower).foundOnLookup());
        assertTrue(adapter.place(b.withAttempts(1), fx.follower).foundOnLookup());
        assertEquals(2, fx.sandbox.orders(fx.followerKey).size());
    }

    @Test
    void rateLimitsAndUnavailability() {
        fx.sandbox.injectFault(CoinbaseFault.RATE_LIMITED, "POST /api/v3/brokerage/orders");
        RateLimitedException r = assertThrows(RateLimitedException.class,
                () -> adapter.place(market("cgclimited00000001", Side.BUY, "0.01"), fx.follower));
        assertTrue(r.retryAfter() != null && r.retryAfter().compareTo(Duration.ofSeconds(2)) <= 0, "" + r.retryAfter());
        fx.sandbox.injectFault(CoinbaseFault.UNAVAILABLE_BEFORE, "GET /api/v3/brokerage/orders/historical/batch");
        BrokerUnavailableException u = assertThrows(BrokerUnavailableException.class,
                () -> adapter.findByClientOrderId(market("cgcx00000000000001", Side.BUY, "0.01"), fx.follower));
        assertFalse(u instanceof OutcomeUnknownException);
        fx.sandbox.rateLimit(1);
        assertThrows(RateLimitedException.class, () -> {
            for (int i = 0; i < 3; i++) {
                adapter.findByClientOrderId(market("cgcx00000000000002", Side.BUY, "0.01"), fx.follower);
            }
        });
    }

    @Test
    void anExpiredOrForeignTokenFailsTheAccount() {
        fx.sandbox.skewClock(Duration.ofSeconds(121));
        AccountFailedException e = assertThrows(AccountFailedException.class,
                () -> adapter.findByClientOrderId(market("cgcx00000000000003", Side.BUY, "0.01"), fx.follower));
        assertEquals("Coinbase HTTP 401: UNAUTHENTICATED: Unauthorized (token expired)", e.getMessage());
        fx.sandbox.skewClock(Duration.ZERO);
        io.copygate.broker.BrokerAccount foreign = new io.copygate.broker.BrokerAccount("f", "t", "coinbase", "x",
                fx.follower.settings(), java.util.Map.of("apiKeyName", fx.followerKey, "privateKey",
                        fx.master.credential("privateKey")));
        assertEquals("Coinbase HTTP 401: UNAUTHENTICATED: Unauthorized (algorithm EdDSA does not match the key)",
                assertThrows(AccountFailedException.class, () -> adapter.findByClientOrderId(
                        market("cgcx00000000000004", Side.BUY, "0.01"), foreign)).getMessage());
    }
}
