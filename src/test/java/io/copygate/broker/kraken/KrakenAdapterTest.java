package io.copygate.broker.kraken;

import static io.copygate.broker.kraken.KrakenFixture.cancel;
import static io.copygate.broker.kraken.KrakenFixture.market;
import static io.copygate.broker.kraken.KrakenFixture.modify;
import static io.copygate.broker.kraken.KrakenFixture.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.DuplicateClientOrderIdException;
import io.copygate.broker.OutcomeUnknownException;
import io.copygate.broker.RateLimitedException;
import io.copygate.broker.SymbolRules;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.kraken.KrakenFault;
import io.copygate.sim.spot.SpotOrder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Kraken adapter against the Kraken sandbox over loopback HTTP. */
class KrakenAdapterTest {
    private final KrakenFixture fx = new KrakenFixture();
    private final KrakenAdapter adapter = new KrakenAdapter(fx.http);

    @AfterEach
    void stop() {
        fx.close();
    }

    private SpotOrder held(String clOrdId) {
        return fx.sandbox.order(fx.key(fx.follower), clOrdId).orElseThrow(() -> new AssertionError("no " + clOrdId));
    }

    @Test
    void marketBuyFillsAndMovesBalances() {
        BrokerAck ack = adapter.place(market("cgkmarket000000001", Side.BUY, "0.01"), fx.follower);
        assertEquals("XBTUSD", ack.brokerSymbol());
        assertTrue(ack.brokerOrderId().matches("O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}"), ack.brokerOrderId());
        assertEquals(SpotOrder.Status.FILLED, held("cgkmarket000000001").status());
        assertEquals(0, new BigDecimal("99400").compareTo(fx.sandbox.freeBalance(fx.key(fx.follower), "USD")));
        assertEquals("closed", adapter.findByClientOrderId(market("cgkmarket000000001", Side.BUY, "0.01"),
                fx.follower).orElseThrow().status());
    }

    @Test
    void limitStopAndStopLimitWorkUntilThePriceReachesThem() {
        adapter.place(order("cgklimit0000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.GTC), fx.follower);
        adapter.place(order("cgkstop00000000001", Side.SELL, "0.1", OrderType.STOP, null, "58000", TimeInForce.GTC), fx.follower);
        adapter.place(order("cgkstoplim00000001", Side.BUY, "0.1", OrderType.STOP_LIMIT, "61100", "61000", TimeInForce.GTC), fx.follower);
        assertEquals("open", adapter.findByClientOrderId(order("cgklimit0000000001", Side.BUY, "0.1", OrderType.LIMIT,
                "59000", null, TimeInForce.GTC), fx.follower).orElseThrow().status());
        fx.sandbox.setPrice("XBTUSD", new BigDecimal("57900"));
        assertEquals(SpotOrder.Status.FILLED, held("cgklimit0000000001").status());
        assertEquals(SpotOrder.Status.FILLED, held("cgkstop00000000001").status());
        assertEquals(SpotOrder.Status.NEW, held("cgkstoplim00000001").status());
        fx.sandbox.setPrice("XBTUSD", new BigDecimal("61050"));
        assertEquals(SpotOrder.Status.FILLED, held("cgkstoplim00000001").status());
        assertEquals(0, new BigDecimal("61100").compareTo(held("cgkstoplim00000001").limitPrice()));
    }

    @Test
    void iocExpiresDayRestsAsGtcAndFokIsRefusedBeforeSending() {
        adapter.place(order("cgkioc000000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.IOC), fx.follower);
        assertEquals(SpotOrder.Status.EXPIRED, held("cgkioc000000000001").status());
        adapter.place(order("cgkday000000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.DAY), fx.follower);
        assertEquals(SpotOrder.TimeInForce.GTC, held("cgkday000000000001").timeInForce());
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class, () -> adapter.place(order(
                "cgkfok000000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.FOK), fx.follower));
        assertEquals("Kraken Spot has no fill-or-kill time in force (GTC, IOC, GTD only)", e.getMessage());
    }

    @Test
    void quantitiesAndPricesGoOnThePairsDecimals() {
        adapter.place(order("cgkround0000000001", Side.BUY, "0.123456789", OrderType.LIMIT, "59000.19", null,
                TimeInForce.GTC), fx.follower);
        assertEquals(0, new BigDecimal("0.12345678").compareTo(held("cgkround0000000001").quantity()));
        assertEquals(0, new BigDecimal("59000.1").compareTo(held("cgkround0000000001").limitPrice()));
    }

    @Test
    void belowOrderminOrCostminIsASkipWithReason() {
        SymbolRules.Sized small = adapter.size(market("cgktiny00000000001", Side.BUY, "0.00005"), fx.follower);
        assertEquals("quantity 0.00005 is below Kraken's minimum 0.0001 for XBTUSD", small.skipReason());
        CopyOrder doge = new CopyOrder("cgkdoge00000000001", "s", "l", "t", "f", "kraken",
                io.copygate.signal.OrderIntent.PLACE, null, Instrument.crypto("DOGE", "USD"), Side.BUY,
                new BigDecimal("60"), OrderType.LIMIT, new BigDecimal("0.005"), null, TimeInForce.GTC, null,
                new BigDecimal("0.005"), io.copygate.signal.CopyOrderState.PLANNED, 0, null, null);
        assertEquals("notional 0.3 (60 × 0.005) is below Kraken's minimum 0.5 for XDGUSD",
                adapter.size(doge, fx.follower).skipReason());
        fx.sandbox.clearRequests();
        assertThrows(BrokerRejectedException.class, () -> adapter.place(doge, fx.follower));
        assertTrue(fx.sandbox.requests().stream().noneMatch(r -> r.pathAndQuery().endsWith("AddOrder")));
    }

    @Test
    void slippageGuardBoundsAMarketCopy() {
        CopyOrder guarded = adapter.guardSlippage(market("cgkslip0000000001", Side.SELL, "0.01"), fx.follower,
                new BigDecimal("0.01"));
        assertEquals(OrderType.LIMIT, guarded.orderType());
        assertEquals(TimeInForce.IOC, guarded.timeInForce());
        assertEquals(new BigDecimal("59400"), guarded.limitPrice());
        fx.sandbox.setPrice("XBTUSD", new BigDecimal("59000"));
        adapter.place(guarded, fx.follower);
        assertEquals(SpotOrder.Status.EXPIRED, held("cgkslip0000000001").status());
    }

    @Test
    void duplicateClOrdIdAndInsufficientFundsAreKrakensErrors() {
        CopyOrder o = order("cgkdup000000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.GTC);
        adapter.place(o, fx.follower);
        assertEquals("EOrder:Duplicate order",
                assertThrows(DuplicateClientOrderIdException.class, () -> adapter.place(o, fx.follower)).getMessage());
        assertEquals("EOrder:Insufficient funds", assertThrows(BrokerRejectedException.class,
                () -> adapter.place(market("cgkpoor00000000001", Side.SELL, "5"), fx.follower)).getMessage());
    }

    @Test
    void cancelByClOrdIdIsIdempotentAcrossARetry() {
        adapter.place(order("cgkwork00000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.GTC), fx.follower);
        CopyOrder c = cancel("cgkcancel000000001", "cgkwork00000000001");
        assertEquals("canceled", adapter.cancel(c, fx.follower).status());
        BrokerAck again = adapter.cancel(c, fx.follower);
        assertTrue(again.foundOnLookup());
        assertEquals("EOrder:Unknown order", assertThrows(BrokerRejectedException.class,
                () -> adapter.cancel(cancel("cgkcancel000000002", "cgknothere00000001"), fx.follower)).getMessage());
    }

    @Test
    void amendChangesTheOrderInPlaceUnderItsOwnIds() {
        BrokerAck placed = adapter.place(order("cgkamend0000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null,
                TimeInForce.GTC), fx.follower);
        BrokerAck amended = adapter.modify(modify("cgkmod000000000001", "cgkamend0000000001", "0.2", "58500"), fx.follower);
        assertEquals(placed.brokerOrderId(), amended.brokerOrderId());
        SpotOrder o = held("cgkamend0000000001");
        assertEquals(0, new BigDecimal("0.2").compareTo(o.quantity()));
        assertEquals(0, new BigDecimal("58500").compareTo(o.limitPrice()));
        CopyOrder retry = modify("cgkmod000000000001", "cgkamend0000000001", "0.2", "58500").withAttempts(1);
        assertTrue(adapter.findByClientOrderId(retry, fx.follower).isPresent(), "the amend shows as done");
        assertTrue(adapter.modify(retry, fx.follower).foundOnLookup());
    }

    @Test
    void anInternalErrorIsAnUnknownOutcomeResolvedByLookup() {
        fx.sandbox.injectFault(KrakenFault.INTERNAL_ERROR_AFTER, "/0/private/AddOrder");
        CopyOrder o = market("cgkunknown00000001", Side.BUY, "0.01");
        assertThrows(OutcomeUnknownException.class, () -> adapter.place(o, fx.follower));
        fx.sandbox.noAnswerFor(Duration.ofSeconds(3));
        fx.sandbox.injectFault(KrakenFault.NO_ANSWER_AFTER, "/0/private/AddOrder");
        CopyOrder p = market("cgkunknown00000002", Side.BUY, "0.01");
        assertThrows(OutcomeUnknownException.class, () -> adapter.place(p, fx.follower));
        assertTrue(adapter.place(o.withAttempts(1), fx.follower).foundOnLookup());
        assertTrue(adapter.place(p.withAttempts(1), fx.follower).foundOnLookup());
        assertEquals(2, fx.sandbox.orders(fx.key(fx.follower)).size());
    }

    @Test
    void rateLimitsAreRateLimitedAndUnavailabilityIsRetryable() {
        fx.sandbox.injectFault(KrakenFault.RATE_LIMITED, "/0/private/OpenOrders");
        RateLimitedException r = assertThrows(RateLimitedException.class,
                () -> adapter.findByClientOrderId(market("cgkx00000000000001", Side.BUY, "0.01"), fx.follower));
        assertEquals("Kraken rate limit: EAPI:Rate limit exceeded", r.getMessage());
        assertEquals(Duration.ofSeconds(3), r.retryAfter());
        fx.sandbox.injectFault(KrakenFault.SERVICE_UNAVAILABLE, "/0/private/AddOrder");
        BrokerUnavailableException u = assertThrows(BrokerUnavailableException.class,
                () -> adapter.place(market("cgkx00000000000002", Side.BUY, "0.01"), fx.follower));
        assertFalse(u instanceof OutcomeUnknownException);
        fx.sandbox.limits(2, 0.0001, 60);
        adapter.findByClientOrderId(market("cgkx00000000000003", Side.BUY, "0.01"), fx.follower); // 2 calls: open+closed
        assertThrows(RateLimitedException.class,
                () -> adapter.findByClientOrderId(market("cgkx00000000000003", Side.BUY, "0.01"), fx.follower));
    }

    @Test
    void anOvertakenNonceIsResentWithAFreshOne() {
        fx.sandbox.injectFault(KrakenFault.INVALID_NONCE, "/0/private/AddOrder");
        adapter.place(market("cgknonce0000000001", Side.BUY, "0.01"), fx.follower);
        assertEquals(SpotOrder.Status.FILLED, held("cgknonce0000000001").status());
        long adds = fx.sandbox.requests().stream().filter(r -> r.pathAndQuery().equals("/0/private/AddOrder")).count();
        assertEquals(2, adds);
    }

    @Test
    void concurrentOrdersOnOneKeyAllGetThrough() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<BrokerAck>> acks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = String.format("cgkconc%011d", i);
                acks.add(pool.submit(() -> adapter.place(market(id, Side.BUY, "0.01"), fx.follower)));
            }
            for (Future<BrokerAck> f : acks) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(12, fx.sandbox.orders(fx.key(fx.follower)).size());
    }

    @Test
    void aWrongKeyOrSignatureFailsTheAccount() {
        BrokerAccount wrong = new BrokerAccount("f", "t", "kraken", "x", fx.follower.settings(),
                Map.of("apiKey", fx.key(fx.follower), "privateKey", "d3Jvbmc="));
        assertEquals("Kraken: EAPI:Invalid signature", assertThrows(AccountFailedException.class,
                () -> adapter.place(market("cgkwrong0000000001", Side.BUY, "0.01"), wrong)).getMessage());
        BrokerAccount unknown = new BrokerAccount("f", "t", "kraken", "x", fx.follower.settings(),
                Map.of("apiKey", "nobody", "privateKey", "d3Jvbmc="));
        assertEquals("Kraken: EAPI:Invalid key", assertThrows(AccountFailedException.class,
                () -> adapter.place(market("cgkwrong0000000002", Side.BUY, "0.01"), unknown)).getMessage());
    }
}
