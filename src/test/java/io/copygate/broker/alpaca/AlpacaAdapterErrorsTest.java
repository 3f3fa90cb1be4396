package io.copygate.broker.alpaca;

import static io.copygate.broker.alpaca.AlpacaTestSupport.buy;
import static io.copygate.broker.alpaca.AlpacaTestSupport.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import io.copygate.signal.CopyOrder;
import io.copygate.signal.TimeInForce;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How every Alpaca answer that is not a plain success reaches copygate's error classes. */
class AlpacaAdapterErrorsTest extends AlpacaSandboxTestBase {

    @Test
    void aDuplicateClientOrderIdThrowsAndTheLookupFindsThePlacedOrder() {
        Fixture f = newAccount("100000");
        CopyOrder order = buy("AAPL", "2").limit("150").tif(TimeInForce.GTC).build();
        BrokerAck first = adapter.place(order, f.account());

        DuplicateClientOrderIdException duplicate = assertThrows(DuplicateClientOrderIdException.class,
                () -> adapter.place(order, f.account()));
        Optional<BrokerAck> found = adapter.findByClientOrderId(order, f.account());

        assertEquals("client_order_id must be unique", duplicate.getMessage());
        assertTrue(found.isPresent());
        assertTrue(found.get().foundOnLookup());
        assertEquals(first.brokerOrderId(), found.get().brokerOrderId());
        assertEquals(1, sandbox.orders(f.name()).size(), "still exactly one order at the broker");
    }

    @Test
    void theLookupOfAnIdAlpacaNeverSawIsEmpty() {
        Fixture f = newAccount("100000");
        assertTrue(adapter.findByClientOrderId(buy("AAPL", "1").build(), f.account()).isEmpty());
    }

    @Test
    void aRateLimitAnswerCarriesTheResetAsRetryAfterAndLaterCallsWaitWithoutSending() {
        Fixture f = newAccount("100000");
        sandbox.setRateLimit(f.name(), 2);
        adapter.account(f.account());
        adapter.account(f.account()); // the budget is spent: Alpaca says remaining 0

        RateLimitedException local = assertThrows(RateLimitedException.class,
                () -> adapter.place(buy("AAPL", "1").build(), f.account()));

        assertNotNull(local.retryAfter());
        assertTrue(local.retryAfter().compareTo(Duration.ofSeconds(61)) <= 0, local.retryAfter().toString());
        assertEquals(2, requests("GET", "/v2/account"));
        assertEquals(0, requests("POST", "/v2/orders"), "a spent budget is not spent again");
    }

    @Test
    void a429FromAlpacaIsRateLimitedWithTheWaitItAnnounced() {
        Fixture f = newAccount("100000");
        sandbox.forceRateLimit(f.name(), Duration.ofSeconds(30));

        RateLimitedException e = assertThrows(RateLimitedException.class,
                () -> adapter.place(buy("AAPL", "1").build(), f.account()));

        assertTrue(e.getMessage().contains("429") && e.getMessage().contains("rate limit exceeded"), e.getMessage());
        assertNotNull(e.retryAfter());
        assertTrue(e.retryAfter().compareTo(Duration.ofSeconds(25)) >= 0, e.retryAfter().toString());
        assertTrue(e instanceof BrokerUnavailableException, "retryable");
        assertEquals(1, requests("POST", "/v2/orders"));
    }

    @Test
    void wrongKeysFailTheAccountAndTheSecretAppearsNowhere() {
        Fixture f = newAccount("100000");
        Map<String, String> credentials = new HashMap<>(f.account().credentials());
        credentials.put("secretKey", "not-the-secret-4711");
        BrokerAccount wrong = new BrokerAccount(f.account().id(), "tenant-1", "alpaca", "x", f.account().settings(), credentials);

        AccountFailedException e = assertThrows(AccountFailedException.class,
                () -> adapter.place(buy("AAPL", "1").build(), wrong));
        AccountFailedException revoked = assertThrows(AccountFailedException.class, () -> {
            sandbox.revokeKeys(f.name());
            adapter.account(f.account());
        });

        assertEquals("HTTP 401: request is not authorized", e.getMessage());
        assertFalse(e.getMessage().contains("4711") || String.valueOf(e.getCause()).contains("4711"));
        assertFalse(revoked.getMessage().contains(f.sandboxAccount().secretKey()));
        assertFalse(wrong.toString().contains("4711"));
    }

    @Test
    void missingCredentialsAndBadSettingsNameTheirKey() {
        Fixture f = newAccount("100000");
        BrokerAccount noSecret = new BrokerAccount("cg-x", "t", "alpaca", "x", f.account().settings(),
                Map.of("keyId", "PKX"));
        BrokerAccount badEnvironment = new BrokerAccount("cg-y", "t", "alpaca", "y",
                Map.of("environment", "staging"), f.account().credentials());

        AccountFailedException missing = assertThrows(AccountFailedException.class,
                () -> adapter.place(buy("AAPL", "1").build(), noSecret));
        AccountFailedException environment = assertThrows(AccountFailedException.class,
                () -> adapter.place(buy("AAPL", "1").build(), badEnvironment));

        assertTrue(missing.getMessage().contains("'secretKey'"), missing.getMessage());
        assertTrue(environment.getMessage().contains("'environment'") && environment.getMessage().contains("staging"));
    }

    @Test
    void aServerErrorOnAPlacementIsAnUnknownOutcomeThatTheRetryResolves() {
        Fixture f = newAccount("100000");
        CopyOrder order = buy("AAPL", "1").limit("100").build();
        sandbox.failRequests(f.name(), 500, 1);

        OutcomeUnknownException e = assertThrows(OutcomeUnknownException.class, () -> adapter.place(order, f.account()));

        assertTrue(e.getMessage().startsWith("HTTP 500"), e.getMessage());
        assertTrue(e instanceof BrokerUnavailableException, "retryable");
        // the retry asks first: the failed request placed nothing, so the order goes out once
        assertTrue(adapter.findByClientOrderId(order, f.account()).isEmpty());
        adapter.place(order, f.account());
        assertEquals(1, sandbox.orders(f.name()).size());
    }

    @Test
    void aServerErrorOnAReadIsPlainUnavailability() {
        Fixture f = newAccount("100000");
        sandbox.failRequests(f.name(), 503, 1);

        BrokerUnavailableException e = assertThrows(BrokerUnavailableException.class, () -> adapter.account(f.account()));

        assertFalse(e instanceof OutcomeUnknownException, "a read cannot have placed anything");
    }

    @Test
    void noAnswerInTimeIsAnUnknownOutcomeAndTheLookupFindsTheOrderThatArrived() {
        Fixture f = newAccount("100000");
        AlpacaAdapter impatient = new AlpacaAdapter(AlpacaTestSupport.http(Duration.ofMillis(300)));
        CopyOrder order = buy("AAPL", "1").limit("100").build();
        sandbox.delayAnswers(f.name(), Duration.ofSeconds(3));

        assertThrows(OutcomeUnknownException.class, () -> impatient.place(order, f.account()));

        sandbox.clearFaults(f.name());
        Optional<BrokerAck> found = impatient.findByClientOrderId(order, f.account());
        assertTrue(found.isPresent(), "the order reached the broker although its answer was lost");
        assertTrue(found.get().foundOnLookup());
    }

    @Test
    void insufficientBuyingPowerIsAnOrderRejectNotAnAccountFailure() {
        Fixture f = newAccount("1000");

        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> adapter.place(buy("AAPL", "100").limit("190").build(), f.account()));

        assertFalse(e instanceof AccountFailedException);
        assertEquals("insufficient buying power", e.getMessage());
    }

    @Test
    void alpacasOwnUnprocessableAnswersAreRejectsVerbatim() {
        Fixture f = newAccount("100000");
        sandbox.setFractionable("GME", false);

        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> adapter.place(buy("GME", "0.5").build(), f.account()));
        BrokerRejectedException unknownAsset = assertThrows(BrokerRejectedException.class,
                () -> adapter.place(buy("ZZZZZZ", "1").build(), f.account()));

        assertEquals("requested asset is not fractionable", e.getMessage());
        assertEquals("instrument: 'ZZZZZZ' is not a US equity ticker", unknownAsset.getMessage());
    }

    @Test
    void accountInfoGivesEquityAndBuyingPowerAsDecimals() {
        Fixture f = newAccount("25000.50");
        sandbox.setPrice("AAPL", d("200"));
        adapter.place(buy("AAPL", "10").build(), f.account());
        sandbox.setPrice("AAPL", d("210"));

        AlpacaAccountInfo info = adapter.accountAsync(f.account()).join();

        assertEquals(0, d("23000.50").compareTo(info.cash()));
        assertEquals(0, d("25100.50").compareTo(info.equity()), "cash + 10 x 210");
        assertEquals(0, d("2100").compareTo(info.longMarketValue()));
        assertEquals(2, info.multiplier());
        assertTrue(info.buyingPower().signum() > 0);
        assertTrue(info.canTrade());
        AlpacaPosition position = adapter.positions(f.account()).get(0);
        assertEquals(0, d("10").compareTo(position.quantity()));
        assertEquals(0, d("200").compareTo(position.avgEntryPrice()));
        assertEquals(0, d("100").compareTo(position.unrealizedPl()));
    }
}
