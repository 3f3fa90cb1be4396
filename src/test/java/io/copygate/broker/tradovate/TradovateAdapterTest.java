package io.copygate.broker.tradovate;

import static io.copygate.broker.tradovate.TradovateFixture.limit;
import static io.copygate.broker.tradovate.TradovateFixture.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.DuplicateClientOrderIdException;
import io.copygate.broker.OutcomeUnknownException;
import io.copygate.broker.RateLimitedException;
import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.tradovate.RecordedRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Tradovate adapter against the Tradovate sandbox over real loopback HTTP. */
class TradovateAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TradovateFixture f;

    @BeforeEach
    void start() {
        f = new TradovateFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void marketOrderIsPlacedAutomatedUnderTheCopyIdAndFilledAtTheMarket() throws Exception {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000.25"));
        CopyOrder order = market(Side.BUY, "2");

        BrokerAck ack = f.adapter.place(order, f.account);

        assertEquals("ESZ6", ack.brokerSymbol());
        JsonNode placed = only(f.sandbox.orders(TradovateFixture.ACCOUNT));
        assertEquals(ack.brokerOrderId(), placed.get("id").asText());
        assertEquals("Filled", placed.get("ordStatus").asText());
        assertEquals(2, f.sandbox.netPosition(TradovateFixture.ACCOUNT, "ESZ6"));
        JsonNode body = JSON.readTree(only(f.requests("/v1/order/placeorder")).body());
        assertEquals(order.id(), body.get("clOrdId").asText());
        assertTrue(body.get("isAutomated").asBoolean());
        assertEquals("Buy", body.get("action").asText());
        assertEquals(2, body.get("orderQty").asInt());
        assertEquals(TradovateFixture.ACCOUNT, body.get("accountSpec").asText());
    }

    @Test
    void limitOrderWorksUntilThePriceCrossesIt() {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        f.adapter.place(limit(Side.SELL, "1", "5010.5"), f.account);
        assertEquals("Working", only(f.sandbox.orders(TradovateFixture.ACCOUNT)).get("ordStatus").asText());

        f.sandbox.setPrice("ESZ6", new BigDecimal("5010.25"));
        assertEquals("Working", only(f.sandbox.orders(TradovateFixture.ACCOUNT)).get("ordStatus").asText());
        f.sandbox.setPrice("ESZ6", new BigDecimal("5011"));
        assertEquals("Filled", only(f.sandbox.orders(TradovateFixture.ACCOUNT)).get("ordStatus").asText());
        assertEquals(-1, f.sandbox.netPosition(TradovateFixture.ACCOUNT, "ESZ6"));
    }

    @Test
    void stopAndStopLimitOrdersCarryTheirPricesAndTriggerAtTheStop() throws Exception {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        f.adapter.place(TradovateFixture.place(Side.BUY, "1", OrderType.STOP, null, "5005", TimeInForce.GTC, null),
                f.account);
        f.adapter.place(TradovateFixture.place(Side.SELL, "3", OrderType.STOP_LIMIT, "4989", "4990", TimeInForce.DAY,
                null), f.account);

        List<RecordedRequest> sent = f.requests("/v1/order/placeorder");
        JsonNode stop = JSON.readTree(sent.get(0).body());
        assertEquals("Stop", stop.get("orderType").asText());
        assertEquals(new BigDecimal("5005"), stop.get("stopPrice").decimalValue());
        assertFalse(stop.has("price"));
        assertEquals("GTC", stop.get("timeInForce").asText());
        JsonNode stopLimit = JSON.readTree(sent.get(1).body());
        assertEquals("StopLimit", stopLimit.get("orderType").asText());
        assertEquals(new BigDecimal("4989"), stopLimit.get("price").decimalValue());
        assertEquals(new BigDecimal("4990"), stopLimit.get("stopPrice").decimalValue());

        f.sandbox.setPrice("ESZ6", new BigDecimal("5006"));
        assertEquals(1, f.sandbox.netPosition(TradovateFixture.ACCOUNT, "ESZ6"), "the buy stop triggered");
        f.sandbox.setPrice("ESZ6", new BigDecimal("4990"));
        assertEquals(-2, f.sandbox.netPosition(TradovateFixture.ACCOUNT, "ESZ6"), "the sell stop-limit triggered");
    }

    @Test
    void immediateOrCancelLimitThatCannotFillIsCancelled() {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        f.adapter.place(TradovateFixture.place(Side.BUY, "1", OrderType.LIMIT, "4990", null, TimeInForce.IOC, null),
                f.account);
        assertEquals("Canceled", only(f.sandbox.orders(TradovateFixture.ACCOUNT)).get("ordStatus").asText());
    }

    @Test
    void bracketGoesOutAsOneOsoWhoseExitsWaitForTheEntryAndCancelEachOther() throws Exception {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        CopyOrder entry = TradovateFixture.place(Side.BUY, "1", OrderType.LIMIT, "4995", null, TimeInForce.DAY,
                new Bracket(new BigDecimal("4990"), null, new BigDecimal("5010")));

        f.adapter.place(entry, f.account);

        assertTrue(f.requests("/v1/order/placeorder").isEmpty());
        JsonNode oso = JSON.readTree(only(f.requests("/v1/order/placeoso")).body());
        assertEquals("Sell", oso.get("bracket1").get("action").asText());
        assertEquals("Limit", oso.get("bracket1").get("orderType").asText());
        assertEquals(new BigDecimal("5010"), oso.get("bracket1").get("price").decimalValue());
        assertEquals("Stop", oso.get("bracket2").get("orderType").asText());
        assertEquals(new BigDecimal("4990"), oso.get("bracket2").get("stopPrice").decimalValue());
        assertEquals(List.of("Working", "Suspended", "Suspended"), statuses());

        f.sandbox.setPrice("ESZ6", new BigDecimal("4995"));
        assertEquals(List.of("Filled", "Working", "Working"), statuses());
        f.sandbox.setPrice("ESZ6", new BigDecimal("5010"));
        assertEquals(List.of("Filled", "Filled", "Canceled"), statuses());
        assertEquals(0, f.sandbox.netPosition(TradovateFixture.ACCOUNT, "ESZ6"));
    }

    @Test
    void modifyChangesTheWorkingOrderAndKeepsWhatItDoesNotName() throws Exception {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        CopyOrder working = limit(Side.BUY, "1", "4990");
        BrokerAck placed = f.adapter.place(working, f.account);

        BrokerAck first = f.adapter.modify(TradovateFixture.modifyOf(working, "2", OrderType.LIMIT, "4992", null),
                f.account);
        f.adapter.modify(TradovateFixture.modifyOf(working, null, null, "4993.25", null), f.account);

        assertEquals(placed.brokerOrderId(), first.brokerOrderId());
        JsonNode now = only(f.sandbox.orders(TradovateFixture.ACCOUNT));
        assertEquals(2, now.get("orderQty").asInt(), "the quantity the second modify did not name is kept");
        assertEquals(new BigDecimal("4993.25"), now.get("price").decimalValue());
        JsonNode secondBody = JSON.readTree(f.requests("/v1/order/modifyorder").get(1).body());
        assertEquals("Limit", secondBody.get("orderType").asText());
        assertTrue(secondBody.get("isAutomated").asBoolean());
    }

    @Test
    void cancelCancelsTheTargetFoundByItsClientOrderId() {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        CopyOrder working = limit(Side.BUY, "1", "4990");
        f.adapter.place(working, f.account);

        // a new adapter (a restarted gateway) knows the target only through Tradovate's commands
        TradovateAdapter restarted = new TradovateAdapter(f.client, f.clock);
        BrokerAck ack = restarted.cancel(TradovateFixture.cancelOf(working), f.account);

        assertEquals("Canceled", only(f.sandbox.orders(TradovateFixture.ACCOUNT)).get("ordStatus").asText());
        assertEquals("PendingCancel", ack.status());
    }

    @Test
    void cancellingAnOrderThatNoLongerWorksIsTheBrokersRejectVerbatim() {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        CopyOrder filled = market(Side.BUY, "1");
        f.adapter.place(filled, f.account);

        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> f.adapter.cancel(TradovateFixture.cancelOf(filled), f.account));
        assertEquals("Order is not working: Filled", e.getMessage());
    }

    @Test
    void liquidatePositionFlattensTheContract() {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        f.adapter.place(market(Side.BUY, "3"), f.account);
        f.adapter.place(limit(Side.BUY, "1", "4900"), f.account);

        f.adapter.liquidatePosition(f.account, TradovateFixture.ES);

        assertEquals(0, f.sandbox.netPosition(TradovateFixture.ACCOUNT, "ESZ6"));
        assertTrue(f.sandbox.orders(TradovateFixture.ACCOUNT).stream()
                .noneMatch(o -> o.get("ordStatus").asText().equals("Working")));
    }

    @Test
    void rejectInsideHttp200IsARejectWithTheBrokersText() {
        // no price set: Tradovate has no quote for a market order
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> f.adapter.place(market(Side.BUY, "1"), f.account));
        assertEquals("No quote available", e.getMessage());
        assertTrue(f.sandbox.orders(TradovateFixture.ACCOUNT).isEmpty());
    }

    @Test
    void badInputIsRefusedNamingTheFieldBeforeAnythingIsSent() {
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> f.adapter.place(market(Side.BUY, "1.5"), f.account));
        assertTrue(e.getMessage().startsWith("quantity:"), e.getMessage());
        assertTrue(f.requests("/v1/order/placeorder").isEmpty());
    }

    @Test
    void repeatedClientOrderIdIsADuplicateAndTheLookupFindsTheOneOrder() {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        CopyOrder order = limit(Side.BUY, "1", "4990");
        BrokerAck first = f.adapter.place(order, f.account);

        assertThrows(DuplicateClientOrderIdException.class, () -> f.adapter.place(order.withAttempts(1), f.account));
        // after a restart the adapter remembers nothing; the retry (attempts > 0) asks Tradovate first
        TradovateAdapter restarted = new TradovateAdapter(f.client, f.clock);
        assertThrows(DuplicateClientOrderIdException.class, () -> restarted.place(order.withAttempts(1), f.account));

        Optional<BrokerAck> found = restarted.findByClientOrderId(order, f.account);
        assertTrue(found.isPresent());
        assertEquals(first.brokerOrderId(), found.get().brokerOrderId());
        assertEquals("Working", found.get().status());
        assertTrue(found.get().foundOnLookup());
        assertEquals(1, f.sandbox.orders(TradovateFixture.ACCOUNT).size());
        assertEquals(1, f.requests("/v1/order/placeorder").size());
    }

    @Test
    void lookupOfAnIdTradovateNeverSawIsEmpty() {
        assertTrue(f.adapter.findByClientOrderId(market(Side.BUY, "1"), f.account).isEmpty());
    }

    @Test
    void tokenExpiringMidRunIsReplacedAndTheOrderPlacedOnce() {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        f.adapter.place(limit(Side.BUY, "1", "4990"), f.account);
        f.sandbox.expireTokens();

        CopyOrder second = limit(Side.BUY, "1", "4991");
        f.adapter.place(second, f.account);

        assertEquals(2, f.sandbox.orders(TradovateFixture.ACCOUNT).size());
        assertEquals(1, f.sandbox.commands(TradovateFixture.ACCOUNT).stream()
                .filter(c -> second.id().equals(c.path("clOrdId").asText(null))).count());
        assertEquals(3, f.requests("/v1/order/placeorder").size(), "one refused with 401, resent once");
        assertEquals(2, f.requests("/v1/auth/accesstokenrequest").size());
    }

    @Test
    void tokenCloseToItsEndIsRenewedNotReplacedByANewLogin() {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        f.adapter.place(limit(Side.BUY, "1", "4990"), f.account);
        only(f.requests("/v1/auth/accesstokenrequest"));

        f.clock.advance(Duration.ofMinutes(70)); // 10 of the 80 minutes left
        f.sandbox.advanceTime(Duration.ofMinutes(70));
        f.adapter.place(limit(Side.BUY, "1", "4991"), f.account);

        RecordedRequest renewal = only(f.requests("/v1/auth/renewaccesstoken"));
        assertTrue(renewal.headers().get("authorization").startsWith("Bearer "));
        assertEquals(1, f.requests("/v1/auth/accesstokenrequest").size(), "no second login");
        String usedBefore = f.requests("/v1/order/placeorder").get(0).headers().get("authorization");
        String usedAfter = f.requests("/v1/order/placeorder").get(1).headers().get("authorization");
        assertEquals(usedBefore, renewal.headers().get("authorization"), "renewed with the current token");
        assertFalse(usedBefore.equals(usedAfter), "the renewed token is used afterwards");
        assertEquals(2, f.sandbox.orders(TradovateFixture.ACCOUNT).size());
    }

    @Test
    void penaltyTicketIsWaitedOutAndTheIdenticalRequestResentOnce() throws Exception {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        f.adapter.place(limit(Side.BUY, "1", "4980"), f.account); // logged in already
        f.sandbox.penalizeNext(1, 1, false);
        CopyOrder order = limit(Side.BUY, "1", "4990");

        f.adapter.place(order, f.account);

        List<RecordedRequest> sent = f.requests("/v1/order/placeorder");
        assertEquals(3, sent.size());
        JsonNode penalised = JSON.readTree(sent.get(1).body());
        JsonNode resent = JSON.readTree(sent.get(2).body());
        assertTrue(resent.has("p-ticket"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) resent).remove("p-ticket");
        assertEquals(penalised, resent, "the identical body plus the ticket");
        assertEquals(2, f.sandbox.orders(TradovateFixture.ACCOUNT).size());
    }

    @Test
    void penaltyTicketWithCaptchaFailsTheAccountWithTheReason() {
        f.sandbox.penalizeNext(1, 1, true);
        AccountFailedException e = assertThrows(AccountFailedException.class,
                () -> f.adapter.place(limit(Side.BUY, "1", "4990"), f.account));
        assertTrue(e.getMessage().contains("captcha"), e.getMessage());
    }

    @Test
    void userLevelRateLimitIsRateLimitedForAnHourThenTheRetryPlacesOnce() {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        f.adapter.place(limit(Side.BUY, "1", "4980"), f.account);
        f.sandbox.limitUser(f.userId, Duration.ofHours(1));
        CopyOrder order = limit(Side.BUY, "1", "4990");

        RateLimitedException e = assertThrows(RateLimitedException.class, () -> f.adapter.place(order, f.account));
        assertEquals(Duration.ofHours(1), e.retryAfter());
        assertEquals(1, f.sandbox.orders(TradovateFixture.ACCOUNT).size());

        f.sandbox.advanceTime(Duration.ofMinutes(61));
        f.adapter.place(order.withAttempts(1), f.account);
        assertEquals(2, f.sandbox.orders(TradovateFixture.ACCOUNT).size());
        assertEquals(1, f.sandbox.commands(TradovateFixture.ACCOUNT).stream()
                .filter(c -> order.id().equals(c.path("clOrdId").asText(null))).count());
    }

    @Test
    void wrongPasswordFailsTheAccountWithAClearReasonAndNoSecret() {
        var wrong = f.account("acct-tv-2", "not-the-password");
        AccountFailedException e = assertThrows(AccountFailedException.class,
                () -> f.adapter.place(limit(Side.BUY, "1", "4990"), wrong));
        assertTrue(e.getMessage().contains("acct-tv-2"), e.getMessage());
        assertTrue(e.getMessage().contains("Incorrect username or password"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"));
        assertFalse(e.getMessage().contains(TradovateFixture.SECRET));
        assertTrue(f.requests("/v1/order/placeorder").isEmpty());
    }

    @Test
    void missingCredentialFailsTheAccountNamingIt() {
        var noPassword = new io.copygate.broker.BrokerAccount("acct-tv-3", "tenant-1", "tradovate",
                TradovateFixture.ACCOUNT, f.account.settings(), java.util.Map.of("name", TradovateFixture.USER));
        AccountFailedException e = assertThrows(AccountFailedException.class,
                () -> f.adapter.place(limit(Side.BUY, "1", "4990"), noPassword));
        assertTrue(e.getMessage().contains("'password'"), e.getMessage());
    }

    @Test
    void serverErrorOnPlacementIsAnUnknownOutcome() {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        f.adapter.place(limit(Side.BUY, "1", "4980"), f.account);
        f.sandbox.failNext(1, 503);
        assertThrows(OutcomeUnknownException.class, () -> f.adapter.place(limit(Side.BUY, "1", "4990"), f.account));
    }

    @Test
    void answerLostToATimeoutIsUnknownAndTheLookupFindsTheOrderThatArrived() {
        f.sandbox.setPrice("ESZ6", new BigDecimal("5000"));
        f.adapter.place(limit(Side.BUY, "1", "4980"), f.account);
        f.sandbox.delayAnswersNext(1, Duration.ofSeconds(5)); // longer than the adapter's 3 s request timeout
        CopyOrder order = limit(Side.BUY, "1", "4990");

        assertThrows(OutcomeUnknownException.class, () -> f.adapter.place(order, f.account));

        assertTrue(f.adapter.findByClientOrderId(order.withAttempts(1), f.account).isPresent());
        assertThrows(DuplicateClientOrderIdException.class, () -> f.adapter.place(order.withAttempts(1), f.account));
        assertEquals(2, f.sandbox.orders(TradovateFixture.ACCOUNT).size());
    }

    @Test
    void liveEnvironmentIsTheDefaultOnlyWhenAsked() {
        var demo = TradovateConfig.of(new io.copygate.broker.BrokerAccount("a", "t", "tradovate", "X",
                java.util.Map.of(), java.util.Map.of()));
        var live = TradovateConfig.of(new io.copygate.broker.BrokerAccount("a", "t", "tradovate", "X",
                java.util.Map.of("environment", "live"), java.util.Map.of()));
        assertEquals("https://demo.tradovateapi.com/v1", demo.restBase().toString());
        assertEquals("wss://demo.tradovateapi.com/v1/websocket", demo.webSocket().toString());
        assertEquals("https://live.tradovateapi.com/v1", live.restBase().toString());
        assertEquals("wss://live.tradovateapi.com/v1/websocket", live.webSocket().toString());
        assertThrows(AccountFailedException.class, () -> TradovateConfig.of(new io.copygate.broker.BrokerAccount("a",
                "t", "tradovate", "X", java.util.Map.of("environment", "paper"), java.util.Map.of())));
    }

    private List<String> statuses() {
        return f.sandbox.orders(TradovateFixture.ACCOUNT).stream().map(o -> o.get("ordStatus").asText()).toList();
    }

    private static <T> T only(List<T> items) {
        assertEquals(1, items.size(), "expected exactly one: " + items);
        return items.get(0);
    }
}
