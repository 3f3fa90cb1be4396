package io.copygate.broker.tradestation;

import static io.copygate.broker.tradestation.TradeStationFixture.ACCOUNT;
import static io.copygate.broker.tradestation.TradeStationFixture.limit;
import static io.copygate.broker.tradestation.TradeStationFixture.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.DuplicateClientOrderIdException;
import io.copygate.broker.OutcomeUnknownException;
import io.copygate.broker.RateLimitedException;
import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.tradestation.RecordedRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TradeStation adapter against the TradeStation sandbox over real loopback HTTP. */
class TradeStationAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TradeStationFixture f;

    @BeforeEach
    void start() {
        f = new TradeStationFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void marketOrderGoesOutUnderItsOrderConfirmIdAndFills() throws Exception {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000.25"));
        CopyOrder order = market(Side.BUY, "2");

        BrokerAck ack = f.adapter.place(order, f.account);

        JsonNode placed = only(f.sandbox.orders(ACCOUNT));
        assertEquals(ack.brokerOrderId(), placed.get("OrderID").asText());
        assertEquals("ESZ26", ack.brokerSymbol());
        assertEquals("FLL", placed.get("Status").asText());
        assertEquals("5000.25", placed.get("FilledPrice").asText());
        JsonNode body = JSON.readTree(only(f.requests("POST", "/v3/orderexecution/orders")).body());
        assertEquals(order.id(), body.get("OrderConfirmID").asText());
        assertEquals(ACCOUNT, body.get("AccountID").asText());
        assertEquals("ESZ26", body.get("Symbol").asText());
        assertEquals("2", body.get("Quantity").asText());
        assertEquals("Market", body.get("OrderType").asText());
        assertEquals("BUY", body.get("TradeAction").asText());
        assertEquals("DAY", body.get("TimeInForce").get("Duration").asText());
    }

    @Test
    void everyOrderTypeCarriesItsPricesAsStrings() throws Exception {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        f.adapter.place(limit(Side.SELL, "1", "5010.50"), f.account);
        f.adapter.place(TradeStationFixture.place(Side.BUY, "1", OrderType.STOP, null, "5005", TimeInForce.GTC, null),
                f.account);
        f.adapter.place(TradeStationFixture.place(Side.SELL, "3", OrderType.STOP_LIMIT, "4989", "4990",
                TimeInForce.IOC, null), f.account);

        List<RecordedRequest> sent = f.requests("POST", "/v3/orderexecution/orders");
        JsonNode lim = JSON.readTree(sent.get(0).body());
        assertEquals("Limit", lim.get("OrderType").asText());
        assertEquals("5010.5", lim.get("LimitPrice").asText());
        JsonNode stop = JSON.readTree(sent.get(1).body());
        assertEquals("StopMarket", stop.get("OrderType").asText());
        assertEquals("5005", stop.get("StopPrice").asText());
        assertFalse(stop.has("LimitPrice"));
        assertEquals("GTC", stop.get("TimeInForce").get("Duration").asText());
        JsonNode stopLimit = JSON.readTree(sent.get(2).body());
        assertEquals("StopLimit", stopLimit.get("OrderType").asText());
        assertEquals("4989", stopLimit.get("LimitPrice").asText());
        assertEquals("4990", stopLimit.get("StopPrice").asText());
        assertEquals("IOC", stopLimit.get("TimeInForce").get("Duration").asText());
        assertEquals("SELL", stopLimit.get("TradeAction").asText());
    }

    @Test
    void workingOrdersWaitUntilThePriceCrossesThem() {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        BrokerAck sell = f.adapter.place(limit(Side.SELL, "1", "5010.5"), f.account);
        BrokerAck stop = f.adapter.place(TradeStationFixture.place(Side.BUY, "1", OrderType.STOP, null, "5005",
                TimeInForce.GTC, null), f.account);
        assertEquals("OPN", status(sell));
        assertEquals("OPN", status(stop));

        f.sandbox.setPrice("ESZ26", new BigDecimal("5006"));
        assertEquals("FLL", status(stop));
        assertEquals("OPN", status(sell));
        f.sandbox.setPrice("ESZ26", new BigDecimal("5011"));
        assertEquals("FLL", status(sell));
    }

    @Test
    void bracketIsAnOsoOfTwoExitsThatWaitForTheEntryAndCancelEachOther() throws Exception {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        CopyOrder entry = TradeStationFixture.place(Side.BUY, "1", OrderType.LIMIT, "4995", null, TimeInForce.DAY,
                new Bracket(new BigDecimal("4990"), null, new BigDecimal("5010")));

        BrokerAck ack = f.adapter.place(entry, f.account);

        JsonNode body = JSON.readTree(only(f.requests("POST", "/v3/orderexecution/orders")).body());
        JsonNode oso = body.get("OSOs").get(0);
        assertEquals("BRK", oso.get("Type").asText());
        assertEquals("Limit", oso.get("Orders").get(0).get("OrderType").asText());
        assertEquals("5010", oso.get("Orders").get(0).get("LimitPrice").asText());
        assertEquals("SELL", oso.get("Orders").get(0).get("TradeAction").asText());
        assertEquals("StopMarket", oso.get("Orders").get(1).get("OrderType").asText());
        assertEquals("4990", oso.get("Orders").get(1).get("StopPrice").asText());
        assertEquals(ack.brokerOrderId(), f.sandbox.orders(ACCOUNT).get(2).get("OrderID").asText(), "the entry's id");
        assertEquals(List.of("OPN", "OSO", "OSO"), statusesOldestFirst());

        f.sandbox.setPrice("ESZ26", new BigDecimal("4995"));
        assertEquals(List.of("FLL", "ACK", "ACK"), statusesOldestFirst());
        f.sandbox.setPrice("ESZ26", new BigDecimal("5010"));
        assertEquals(List.of("FLL", "FLL", "CAN"), statusesOldestFirst());
    }

    @Test
    void modifyReplacesTheWorkingOrderUnderTheSameOrderId() throws Exception {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        CopyOrder working = limit(Side.BUY, "1", "4990");
        BrokerAck placed = f.adapter.place(working, f.account);

        BrokerAck replaced = f.adapter.modify(TradeStationFixture.modifyOf(working, "2", OrderType.LIMIT, "4992.25",
                null), f.account);

        assertEquals(placed.brokerOrderId(), replaced.brokerOrderId());
        JsonNode now = only(f.sandbox.orders(ACCOUNT));
        assertEquals("2", now.get("Legs").get(0).get("QuantityOrdered").asText());
        assertEquals("4992.25", now.get("LimitPrice").asText());
        RecordedRequest put = only(f.requests("PUT", "/v3/orderexecution/orders/"));
        assertEquals("/v3/orderexecution/orders/" + placed.brokerOrderId(), put.path());
        JsonNode body = JSON.readTree(put.body());
        assertEquals("2", body.get("Quantity").asText());
        assertFalse(body.has("OrderType"), "the type did not change, so it is not sent");

        f.adapter.modify(TradeStationFixture.modifyOf(working, null, OrderType.MARKET, null, null), f.account);
        assertEquals("FLL", only(f.sandbox.orders(ACCOUNT)).get("Status").asText(), "changed to market, it filled");
    }

    @Test
    void cancelCancelsTheTargetAndACancelOfADeadOrderIsTheBrokersReject() {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        CopyOrder working = limit(Side.BUY, "1", "4990");
        BrokerAck placed = f.adapter.place(working, f.account);

        f.adapter.cancel(TradeStationFixture.cancelOf(working), f.account);

        assertEquals("CAN", status(placed));
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> f.adapter.cancel(TradeStationFixture.cancelOf(working), f.account));
        assertEquals("Not an open order.", e.getMessage());
    }

    @Test
    void retriedCancelThatAlreadyWentThroughIsFoundNotRefused() {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        CopyOrder working = limit(Side.BUY, "1", "4990");
        f.adapter.place(working, f.account);
        CopyOrder cancel = TradeStationFixture.cancelOf(working);
        f.adapter.cancel(cancel, f.account);

        BrokerAck again = f.adapter.cancel(cancel.withAttempts(1), f.account);

        assertTrue(again.foundOnLookup());
        assertEquals("CAN", again.status());
        assertEquals(1, f.requests("DELETE", "/v3/orderexecution/orders/").size());
    }

    @Test
    void perOrderRejectInsideHttp200IsARejectWithTheBrokersText() {
        // no price set: the sandbox has no quote for a market order
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> f.adapter.place(market(Side.BUY, "1"), f.account));
        assertEquals("Order failed. Reason: No quote available for ESZ26.", e.getMessage());
        assertTrue(f.sandbox.orders(ACCOUNT).isEmpty());
    }

    @Test
    void repeatedOrderConfirmIdIsADuplicateAndTheLookupFindsTheOneOrder() {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        CopyOrder order = limit(Side.BUY, "1", "4990");
        BrokerAck first = f.adapter.place(order, f.account);
        assertThrows(DuplicateClientOrderIdException.class, () -> f.adapter.place(order.withAttempts(1), f.account));

        // a restarted gateway remembers nothing: TradeStation itself refuses the repeat
        TradeStationAdapter restarted = new TradeStationAdapter(f.client, TradeStationOrderIds.inMemory());
        DuplicateClientOrderIdException e = assertThrows(DuplicateClientOrderIdException.class,
                () -> restarted.place(order.withAttempts(1), f.account));
        assertTrue(e.getMessage().contains("Duplicate OrderConfirmID"), e.getMessage());

        Optional<BrokerAck> found = restarted.findByClientOrderId(order, f.account);
        assertTrue(found.isPresent());
        assertEquals(first.brokerOrderId(), found.get().brokerOrderId());
        assertTrue(found.get().foundOnLookup());
        assertEquals(1, f.sandbox.orders(ACCOUNT).size());
        // and the order found is now the target of a cancel of that copy
        restarted.cancel(TradeStationFixture.cancelOf(order), f.account);
        assertEquals("CAN", only(f.sandbox.orders(ACCOUNT)).get("Status").asText());
    }

    @Test
    void lookupOnTermsSkipsOrdersThatBelongToOtherCopies() {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        CopyOrder a = limit(Side.BUY, "1", "4990");
        CopyOrder b = limit(Side.BUY, "1", "4990");
        BrokerAck placedA = f.adapter.place(a, f.account);
        f.sandbox.delayAnswersNext(1, Duration.ofSeconds(5)); // b reaches TradeStation, its answer does not come back
        assertThrows(OutcomeUnknownException.class, () -> f.adapter.place(b, f.account));

        Optional<BrokerAck> foundB = f.adapter.findByClientOrderId(b.withAttempts(1), f.account);

        assertTrue(foundB.isPresent());
        assertFalse(placedA.brokerOrderId().equals(foundB.get().brokerOrderId()), "a's order is a's, not b's");
        assertEquals(2, f.sandbox.orders(ACCOUNT).size());
        assertTrue(f.adapter.findByClientOrderId(limit(Side.BUY, "1", "4990"), f.account).isEmpty(),
                "a third copy with the same terms was never placed");
    }

    @Test
    void accessTokenExpiringMidRunIsRefreshedAndTheOrderPlacedOnce() {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        f.adapter.place(limit(Side.BUY, "1", "4990"), f.account);
        f.sandbox.expireAccessTokens();

        CopyOrder second = limit(Side.BUY, "1", "4991");
        f.adapter.place(second, f.account);

        assertEquals(2, f.sandbox.orders(ACCOUNT).size());
        assertEquals(3, f.requests("POST", "/v3/orderexecution/orders").size(), "one refused with 401, resent once");
        assertEquals(2, f.requests("POST", "/oauth/token").size());
    }

    @Test
    void accessTokenCloseToItsEndIsRefreshedBeforeItIsRefused() {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        f.adapter.place(limit(Side.BUY, "1", "4990"), f.account);

        f.clock.advance(Duration.ofMinutes(19)); // one of the 20 minutes left
        f.sandbox.advanceTime(Duration.ofMinutes(19));
        f.adapter.place(limit(Side.BUY, "1", "4991"), f.account);

        assertEquals(2, f.requests("POST", "/oauth/token").size());
        assertEquals(2, f.requests("POST", "/v3/orderexecution/orders").size(), "nothing was refused");
        String form = f.requests("POST", "/oauth/token").get(1).body();
        assertTrue(form.contains("grant_type=refresh_token"), form);
        assertTrue(form.contains("client_id=" + TradeStationFixture.CLIENT_ID), form);
    }

    @Test
    void rotatedRefreshTokenIsKeptUsedAndHandedOverForStorage() {
        f.sandbox.rotateRefreshTokens(true);
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        f.adapter.place(limit(Side.BUY, "1", "4990"), f.account);
        assertEquals(1, f.rotated.size());

        f.sandbox.expireAccessTokens(); // the original refresh token no longer works; the rotated one must be used
        f.adapter.place(limit(Side.BUY, "1", "4991"), f.account);

        assertEquals(2, f.rotated.size());
        assertEquals(2, f.sandbox.orders(ACCOUNT).size());
        assertTrue(f.requests("POST", "/oauth/token").get(1).body().contains(f.rotated.get(0)));
    }

    @Test
    void concurrentOrdersDuringARotationSpendTheRefreshTokenOnce() throws Exception {
        f.sandbox.rotateRefreshTokens(true);
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        List<CompletableFuture<BrokerAck>> placing = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() ->
                        f.adapter.place(limit(Side.BUY, "1", Integer.toString(4980 + i)), f.account)))
                .toList();
        for (CompletableFuture<BrokerAck> p : placing) {
            p.get();
        }
        assertEquals(1, f.requests("POST", "/oauth/token").size());
        assertEquals(6, f.sandbox.orders(ACCOUNT).size());
    }

    @Test
    void rateLimitIsRateLimitedAndTheRetryPlacesOnce() {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        f.adapter.place(limit(Side.BUY, "1", "4980"), f.account);
        f.sandbox.rateLimitNext(1);
        CopyOrder order = limit(Side.BUY, "1", "4990");

        assertThrows(RateLimitedException.class, () -> f.adapter.place(order, f.account));
        assertEquals(1, f.sandbox.orders(ACCOUNT).size());

        f.adapter.place(order.withAttempts(1), f.account);
        assertEquals(2, f.sandbox.orders(ACCOUNT).size());
    }

    @Test
    void unknownRefreshTokenFailsTheAccountWithAClearReasonAndNoSecret() {
        var revoked = f.account("acct-ts-2", TradeStationFixture.CLIENT_SECRET, "not-a-refresh-token-xyz");
        AccountFailedException e = assertThrows(AccountFailedException.class,
                () -> f.adapter.place(limit(Side.BUY, "1", "4990"), revoked));
        assertTrue(e.getMessage().contains("acct-ts-2"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid_grant"), e.getMessage());
        assertFalse(e.getMessage().contains("not-a-refresh-token-xyz"));
        assertFalse(e.getMessage().contains(TradeStationFixture.CLIENT_SECRET));
        assertTrue(f.requests("POST", "/v3/orderexecution/orders").isEmpty());
    }

    @Test
    void wrongClientSecretFailsTheAccount() {
        var wrong = f.account("acct-ts-3", "wrong-secret-123", f.refreshToken);
        AccountFailedException e = assertThrows(AccountFailedException.class,
                () -> f.adapter.place(limit(Side.BUY, "1", "4990"), wrong));
        assertTrue(e.getMessage().contains("access_denied"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-secret-123"));
    }

    @Test
    void serverTroubleIsAnUnknownOutcomeForOrdersAndUnavailabilityForReads() {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        f.adapter.place(limit(Side.BUY, "1", "4980"), f.account);
        f.sandbox.failNext(1, 503);
        assertThrows(OutcomeUnknownException.class, () -> f.adapter.place(limit(Side.BUY, "1", "4990"), f.account));
        f.sandbox.failNext(1, 503);
        BrokerUnavailableException e = assertThrows(BrokerUnavailableException.class,
                () -> f.adapter.findByClientOrderId(limit(Side.BUY, "1", "4990"), f.account));
        assertFalse(e instanceof OutcomeUnknownException);
    }

    @Test
    void continuousAndFractionalOrdersAreRefusedBeforeAnythingIsSent() {
        CopyOrder continuous = new CopyOrder("cgcontinuousorder1", "s", "l", "t", "acct-ts-1", "tradestation",
                io.copygate.signal.OrderIntent.PLACE, null, Instrument.continuous("ES", 1), Side.BUY, BigDecimal.ONE,
                OrderType.MARKET, null, null, TimeInForce.DAY, null, null, null, 0, null, null);
        assertThrows(BrokerRejectedException.class, () -> f.adapter.place(continuous, f.account));
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> f.adapter.place(limit(Side.BUY, "0", "4990"), f.account));
        assertTrue(e.getMessage().startsWith("quantity:"), e.getMessage());
        assertTrue(f.requests("POST", "/v3/orderexecution/orders").isEmpty());
    }

    private String status(BrokerAck ack) {
        return f.sandbox.orders(ACCOUNT).stream().filter(o -> o.get("OrderID").asText().equals(ack.brokerOrderId()))
                .findFirst().orElseThrow().get("Status").asText();
    }

    private List<String> statusesOldestFirst() {
        List<JsonNode> orders = new java.util.ArrayList<>(f.sandbox.orders(ACCOUNT));
        java.util.Collections.reverse(orders);
        return orders.stream().map(o -> o.get("Status").asText()).toList();
    }

    private static <T> T only(List<T> items) {
        assertEquals(1, items.size(), "expected exactly one: " + items);
        return items.get(0);
    }
}
