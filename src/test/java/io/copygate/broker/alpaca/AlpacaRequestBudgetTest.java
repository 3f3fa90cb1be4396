package io.copygate.broker.alpaca;

import static io.copygate.broker.alpaca.AlpacaTestSupport.buy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.RateLimitedException;
import io.copygate.sim.alpaca.AlpacaSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Our own per-account limiter: over the account's budget a call fails at once with the wait, and sends nothing. */
class AlpacaRequestBudgetTest {

    @Test
    void overTheAccountsBudgetACallFailsAtOnceWithTheWaitAndIsNotSent() {
        try (AlpacaSandbox sandbox = new AlpacaSandbox(1)) {
            sandbox.start(0);
            sandbox.setRateLimit(0); // the sandbox itself would allow anything: what stops the 4th is ours
            sandbox.setPrice("AAPL", new BigDecimal("10"));
            AlpacaAdapter adapter = new AlpacaAdapter(AlpacaTestSupport.http(Duration.ofSeconds(5)));
            BrokerAccount limited = AlpacaTestSupport.account(sandbox, sandbox.createAccount("lim", new BigDecimal("10000")),
                    "rateLimitPerMinute", "3");
            BrokerAccount other = AlpacaTestSupport.account(sandbox, sandbox.createAccount("other", new BigDecimal("10000")),
                    "rateLimitPerMinute", "3");
            for (int i = 0; i < 3; i++) {
                adapter.placeAsync(buy("AAPL", "1").follower(limited.id()).build(), limited).join();
            }
            CompletableFuture<?> fourth = adapter.placeAsync(buy("AAPL", "1").follower(limited.id()).build(), limited);
            assertTrue(fourth.isCompletedExceptionally(), "denied without waiting for anything");
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, fourth::join);
            RateLimitedException limit = (RateLimitedException) e.getCause();
            assertTrue(limit.retryAfter().compareTo(Duration.ZERO) > 0 && limit.retryAfter().compareTo(Duration.ofMinutes(1)) <= 0,
                    "the wait until the next permit: " + limit.retryAfter());
            assertTrue(limit.getMessage().contains("(not sent)"), limit.getMessage());
            assertEquals(3, sandbox.orders("lim").size(), "the denied order never reached Alpaca");

            adapter.placeAsync(buy("AAPL", "1").follower(other.id()).build(), other).join();
            assertEquals(1, sandbox.orders("other").size(), "each account has its own budget");

            BrokerAccount wrong = AlpacaTestSupport.account(sandbox, sandbox.createAccount("bad", new BigDecimal("10000")),
                    "rateLimitPerMinute", "lots");
            CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> adapter.placeAsync(buy("AAPL", "1").follower(wrong.id()).build(), wrong).join());
            assertTrue(refused.getCause() instanceof AccountFailedException && refused.getCause().getMessage().contains("rateLimitPerMinute"));
        }
    }
}
