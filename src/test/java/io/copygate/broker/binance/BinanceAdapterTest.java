package io.copygate.broker.binance;

import static io.copygate.broker.binance.BinanceFixture.cancel;
import static io.copygate.broker.binance.BinanceFixture.market;
import static io.copygate.broker.binance.BinanceFixture.modify;
import static io.copygate.broker.binance.BinanceFixture.order;
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
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.binance.BinanceFault;
import io.copygate.sim.spot.SpotOrder;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Binance adapter against the Binance sandbox over loopback HTTP. */
class BinanceAdapterTest {
    private final BinanceFixture fx = new BinanceFixture();
    private final BinanceAdapter adapter = new BinanceAdapter(fx.http);

    @AfterEach
    void stop() {
        fx.close();
    }

    private SpotOrder held(String clientId) {
        return fx.sandbox.order("f-key", clientId).orElseThrow(() -> new AssertionError("sandbox has no " + clientId));
    }

    @Test
    void marketBuyFillsAtTheSetPriceAndMovesBalances() {
        fx.sandbox.setPrice("BTCUSDT", new BigDecimal("60000"));
        BrokerAck ack = adapter.place(market("cgmarketbuy0000001", Side.BUY, "0.01"), fx.follower);
        assertEquals("FILLED", ack.status());
        assertEquals("BTCUSDT", ack.brokerSymbol());
        assertFalse(ack.foundOnLookup());
        assertEquals(0, new BigDecimal("99400").compareTo(fx.sandbox.freeBalance("f-key", "USDT")));
        assertEquals(0, new BigDecimal("1.01").compareTo(fx.sandbox.freeBalance("f-key", "BTC")));
    }

    @Test
    void limitGtcRestsUntilThePriceCrossesIt() {
        BrokerAck ack = adapter.place(order("cglimitgtc00000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null,
                TimeInForce.GTC), fx.follower);
        assertEquals("NEW", ack.status());
        assertEquals(0, new BigDecimal("5900").compareTo(fx.sandbox.lockedBalance("f-key", "USDT")));
        fx.sandbox.setPrice("BTCUSDT", new BigDecimal("58990"));
        assertEquals(SpotOrder.Status.FILLED, held("cglimitgtc00000001").status());
        assertEquals(0, new BigDecimal("59000").compareTo(held("cglimitgtc00000001").trades().get(0).price()));
    }

    @Test
    void unmarketableIocAndFokExpireAndDayRestsAsGtc() {
        assertEquals("EXPIRED", adapter.place(order("cgioc0000000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000",
                null, TimeInForce.IOC), fx.follower).status());
        assertEquals("EXPIRED", adapter.place(order("cgfok0000000000001", Side.SELL, "0.1", OrderType.LIMIT, "61000",
                null, TimeInForce.FOK), fx.follower).status());
        assertEquals("NEW", adapter.place(order("cgday0000000000001", Side.SELL, "0.1", OrderType.LIMIT, "61000",
                null, TimeInForce.DAY), fx.follower).status());
        assertEquals(SpotOrder.TimeInForce.GTC, held("cgday0000000000001").timeInForce());
        assertEquals("FILLED", adapter.place(order("cgiocfill000000001", Side.BUY, "0.1", OrderType.LIMIT, "60100",
                null, TimeInForce.IOC), fx.follower).status());
    }

    @Test
    void stopAndStopLimitTriggerAtTheirStopPrice() {
        adapter.place(order("cgstop000000000001", Side.SELL, "0.1", OrderType.STOP, null, "59000", TimeInForce.GTC),
                fx.follower);
        adapter.place(order("cgstoplimit0000001", Side.BUY, "0.1", OrderType.STOP_LIMIT, "61100", "61000",
                TimeInForce.GTC), fx.follower);
        assertEquals(SpotOrder.Type.STOP_MARKET, held("cgstop000000000001").type());
        assertEquals(SpotOrder.Status.NEW, held("cgstop000000000001").status());
        fx.sandbox.setPrice("BTCUSDT", new BigDecimal("58900"));
        assertEquals(SpotOrder.Status.FILLED, held("cgstop000000000001").status());
        assertEquals(SpotOrder.Status.NEW, held("cgstoplimit0000001").status());
        fx.sandbox.setPrice("BTCUSDT", new BigDecimal("61050"));
        assertEquals(SpotOrder.Status.FILLED, held("cgstoplimit0000001").status());
    }

    @Test
    void quantityAndPriceAreRoundedToTheFiltersBeforeSending() {
        adapter.place(order("cground00000000001", Side.BUY, "0.123456789", OrderType.LIMIT, "59000.019", null,
                TimeInForce.GTC), fx.follower);
        assertEquals(new BigDecimal("0.12345"), held("cground00000000001").quantity());
        assertEquals(0, new BigDecimal("59000.01").compareTo(held("cground00000000001").limitPrice()));
    }

    @Test
    void belowTheMinimumIsASkipWithReasonAndNothingIsSent() {
        CopyOrder tiny = market("cgtiny000000000001", Side.BUY, "0.00005");
        SymbolRules.Sized sized = adapter.size(tiny, fx.follower);
        assertTrue(sized.isSkip());
        assertEquals("notional 3 (0.00005 × 60000) is below Binance's minimum 5 for BTCUSDT", sized.skipReason());
        fx.sandbox.clearRequests();
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class, () -> adapter.place(tiny, fx.follower));
        assertEquals("not sent: " + sized.skipReason(), e.getMessage());
        assertTrue(fx.sandbox.requests().stream().noneMatch(r -> r.method().equals("POST")));
    }

    @Test
    void exchangeFiltersAreFetchedOncePerSymbol() {
        adapter.place(market("cgonce000000000001", Side.BUY, "0.01"), fx.follower);
        adapter.place(market("cgonce000000000002", Side.BUY, "0.01"), fx.follower);
        adapter.size(market("cgonce000000000003", Side.BUY, "0.01"), fx.follower);
        assertEquals(1, fx.sandbox.requests().stream().filter(r -> r.pathAndQuery().startsWith("/api/v3/exchangeInfo")).count());
    }

    @Test
    void slippageGuardTurnsAMarketCopyIntoABoundedLimitIoc() {
        CopyOrder guarded = adapter.guardSlippage(market("cgslip000000000001", Side.BUY, "0.01"), fx.follower,
                new BigDecimal("0.005"));
        assertEquals(OrderType.LIMIT, guarded.orderType());
        assertEquals(TimeInForce.IOC, guarded.timeInForce());
        assertEquals(new BigDecimal("60300"), guarded.limitPrice());
        fx.sandbox.setPrice("BTCUSDT", new BigDecimal("60500")); // the market ran away beyond 0.5%
        assertEquals("EXPIRED", adapter.place(guarded, fx.follower).status());
        fx.sandbox.setPrice("BTCUSDT", new BigDecimal("60200"));
        CopyOrder again = adapter.guardSlippage(market("cgslip000000000002", Side.BUY, "0.01"), fx.follower,
                new BigDecimal("0.005"));
        assertEquals("FILLED", adapter.place(again, fx.follower).status());
        assertEquals(0, new BigDecimal("60200").compareTo(held("cgslip000000000002").trades().get(0).price()));
    }

    @Test
    void aDuplicateClientOrderIdIsReportedAsSuch() {
        CopyOrder o = order("cgdup0000000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.GTC);
        adapter.place(o, fx.follower);
        DuplicateClientOrderIdException e = assertThrows(DuplicateClientOrderIdException.class,
                () -> adapter.place(o, fx.follower));
        assertEquals("Duplicate order sent.", e.getMessage());
        assertEquals(1, fx.sandbox.orders("f-key").size());
    }

    @Test
    void insufficientBalanceIsBinancesReject() {
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> adapter.place(market("cgpoor000000000001", Side.SELL, "2"), fx.follower));
        assertEquals("Account has insufficient balance for requested action.", e.getMessage());
    }

    @Test
    void findByClientOrderIdSeesPlacedOrdersOnly() {
        CopyOrder o = order("cgfind000000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.GTC);
        assertTrue(adapter.findByClientOrderId(o, fx.follower).isEmpty());
        BrokerAck placed = adapter.place(o, fx.follower);
        BrokerAck found = adapter.findByClientOrderId(o, fx.follower).orElseThrow();
        assertEquals(placed.brokerOrderId(), found.brokerOrderId());
        assertTrue(found.foundOnLookup());
    }

    @Test
    void cancelIsIdempotentAcrossARetry() {
        adapter.place(order("cgwork000000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.GTC),
                fx.follower);
        CopyOrder c = cancel("cgcancel0000000001", "cgwork000000000001");
        BrokerAck ack = adapter.cancel(c, fx.follower);
        assertEquals("CANCELED", ack.status());
        assertEquals(0, BigDecimal.ZERO.compareTo(fx.sandbox.lockedBalance("f-key", "USDT")));
        BrokerAck retried = adapter.cancel(c, fx.follower); // Binance answers -2011; the lookup shows it done
        assertTrue(retried.foundOnLookup());
        assertEquals("CANCELED", retried.status());
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> adapter.cancel(cancel("cgcancel0000000002", "cgnosuchorder00001"), fx.follower));
        assertEquals("Unknown order sent.", e.getMessage());
    }

    @Test
    void modifyCancelReplacesUnderTheModifysOwnId() {
        adapter.place(order("cgorig000000000001", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.GTC),
                fx.follower);
        BrokerAck ack = adapter.modify(modify("cgmod0000000000001", "cgorig000000000001", "0.2", "58000"), fx.follower);
        assertEquals("NEW", ack.status());
        assertEquals(SpotOrder.Status.CANCELED, held("cgorig000000000001").status());
        SpotOrder replaced = held("cgmod0000000000001");
        assertEquals(0, new BigDecimal("0.2").compareTo(replaced.quantity()));
        assertEquals(0, new BigDecimal("58000").compareTo(replaced.limitPrice()));
        assertEquals(SpotOrder.Type.LIMIT, replaced.type());
    }

    @Test
    void modifyOfAFinishedOrderIsRejectedWithBothHalves() {
        adapter.place(order("cgorig000000000002", Side.BUY, "0.1", OrderType.LIMIT, "59000", null, TimeInForce.GTC),
                fx.follower);
        adapter.cancel(cancel("cgcancel0000000003", "cgorig000000000002"), fx.follower);
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> adapter.modify(modify("cgmod0000000000002", "cgorig000000000002", "0.2", null), fx.follower));
        assertTrue(e.getMessage().startsWith("Order cancel-replace failed. cancel FAILURE: Unknown order sent."),
                e.getMessage());
    }

    @Test
    void unknownOutcome1007IsResolvedByLookupWithoutADuplicate() {
        fx.sandbox.injectFault(BinanceFault.TIMEOUT_1007_AFTER, "POST /api/v3/order");
        CopyOrder o = market("cgunknown000000001", Side.BUY, "0.01");
        OutcomeUnknownException e = assertThrows(OutcomeUnknownException.class, () -> adapter.place(o, fx.follower));
        assertTrue(e.getMessage().contains("-1007"), e.getMessage());
        BrokerAck ack = adapter.place(o.withAttempts(1), fx.follower);
        assertTrue(ack.foundOnLookup());
        assertEquals("FILLED", ack.status());
        assertEquals(1, fx.sandbox.orders("f-key").size(), "placed exactly once");
    }

    @Test
    void serverErrorAfterExecutionAndNoAnswerAreUnknownOutcomes() {
        fx.sandbox.injectFault(BinanceFault.SERVER_ERROR_AFTER, "POST /api/v3/order");
        CopyOrder a = market("cgunknown000000002", Side.BUY, "0.01");
        assertThrows(OutcomeUnknownException.class, () -> adapter.place(a, fx.follower));
        fx.sandbox.noAnswerFor(Duration.ofSeconds(3));
        fx.sandbox.injectFault(BinanceFault.NO_ANSWER_AFTER, "POST /api/v3/order");
        CopyOrder b = market("cgunknown000000003", Side.BUY, "0.01");
        assertThrows(OutcomeUnknownException.class, () -> adapter.place(b, fx.follower));
        assertTrue(adapter.place(a.withAttempts(1), fx.follower).foundOnLookup());
        assertTrue(adapter.place(b.withAttempts(1), fx.follower).foundOnLookup());
        assertEquals(2, fx.sandbox.orders("f-key").size());
    }

    @Test
    void unavailableBeforeALookupIsPlainUnavailability() {
        fx.sandbox.injectFault(BinanceFault.UNAVAILABLE_BEFORE, "GET /api/v3/order");
        BrokerUnavailableException e = assertThrows(BrokerUnavailableException.class,
                () -> adapter.findByClientOrderId(market("cgx000000000000001", Side.BUY, "0.01"), fx.follower));
        assertFalse(e instanceof OutcomeUnknownException);
    }

    @Test
    void a429WaitsForRetryAfterAndNothingIsSentMeanwhile() {
        adapter.size(market("cgwarm000000000001", Side.BUY, "0.01"), fx.follower); // filters cached
        fx.sandbox.injectFault(BinanceFault.RATE_LIMITED, "POST /api/v3/order");
        CopyOrder o = market("cglimited000000001", Side.BUY, "0.01");
        RateLimitedException first = assertThrows(RateLimitedException.class, () -> adapter.place(o, fx.follower));
        assertEquals(Duration.ofSeconds(3), first.retryAfter());
        fx.sandbox.clearRequests();
        RateLimitedException second = assertThrows(RateLimitedException.class, () -> adapter.place(o, fx.follower));
        assertTrue(second.getMessage().startsWith("not sent: Binance asked us to wait"), second.getMessage());
        assertTrue(fx.sandbox.requests().isEmpty(), "the client must not provoke a ban by sending during the wait");
        assertTrue(fx.sandbox.orders("f-key").isEmpty());
    }

    @Test
    void a418IsAnIpBanWithItsWait() {
        fx.sandbox.injectFault(BinanceFault.IP_BANNED, "POST /api/v3/order");
        BinanceIpBannedException e = assertThrows(BinanceIpBannedException.class,
                () -> adapter.place(market("cgbanned0000000001", Side.BUY, "0.01"), fx.follower));
        assertEquals(Duration.ofSeconds(120), e.retryAfter());
        assertTrue(e.getMessage().startsWith("Binance has banned this IP"), e.getMessage());
    }

    @Test
    void aStaleTimestampIsBinances1021() {
        fx.sandbox.skewClock(Duration.ofSeconds(10));
        BrokerUnavailableException e = assertThrows(BrokerUnavailableException.class,
                () -> adapter.findByClientOrderId(market("cgx000000000000002", Side.BUY, "0.01"), fx.follower));
        assertEquals("Binance -1021: Timestamp for this request is outside of the recvWindow.", e.getMessage());
    }

    @Test
    void aWrongSecretFailsTheAccount() {
        BrokerAccount wrong = new BrokerAccount("follower", "tenant-1", "binance", "f-key",
                fx.follower.settings(), Map.of("apiKey", "f-key", "secretKey", "not-the-secret"));
        AccountFailedException e = assertThrows(AccountFailedException.class,
                () -> adapter.place(market("cgwrong00000000001", Side.BUY, "0.01"), wrong));
        assertEquals("Binance -1022: Signature for this request is not valid.", e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret"));
    }

    @Test
    void ed25519KeysSignRestRequests() throws Exception {
        java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        fx.sandbox.addEd25519Account("ed-key", pair.getPublic());
        fx.fund("ed-key");
        BrokerAccount ed = new BrokerAccount("ed", "tenant-1", "binance", "ed-key", fx.follower.settings(),
                Map.of("apiKey", "ed-key", "privateKey",
                        java.util.Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded())));
        assertEquals("FILLED", adapter.place(market("cged25519000000001", Side.BUY, "0.01"), ed).status());
    }

    @Test
    void theSignedRequestIsByteForByteBinancesExample() {
        fx.sandbox.addAccount(BinanceSignerTest.DOC_API_KEY, BinanceSignerTest.DOC_SECRET);
        BinanceClient client = new BinanceClient(fx.http, Clock.fixed(Instant.ofEpochMilli(1499827319559L), ZoneOffset.UTC));
        BinanceConfig config = BinanceConfig.of(new BrokerAccount("doc", "t", "binance", "x",
                Map.of("baseUrl", fx.sandbox.baseUrl()), Map.of()));
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("symbol", "LTCBTC");
        p.put("side", "BUY");
        p.put("type", "LIMIT");
        p.put("timeInForce", "GTC");
        p.put("quantity", "1");
        p.put("price", "0.1");
        fx.sandbox.clearRequests();
        assertThrows(RuntimeException.class, () -> client.signed(config,
                BinanceSigner.hmac(BinanceSignerTest.DOC_API_KEY, BinanceSignerTest.DOC_SECRET), "POST",
                "/api/v3/order", p, true)); // 2017's timestamp is stale today
        assertEquals("/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                        + "&recvWindow=5000&timestamp=1499827319559"
                        + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
                fx.sandbox.requests().get(0).pathAndQuery());
        assertEquals(BinanceSignerTest.DOC_API_KEY, fx.sandbox.requests().get(0).headers().get("X-MBX-APIKEY"));
    }
}
