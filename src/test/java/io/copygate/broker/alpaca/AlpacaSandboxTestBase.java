package io.copygate.broker.alpaca;

import io.copygate.broker.BrokerAccount;
import io.copygate.sim.alpaca.AlpacaSandbox;
import io.copygate.sim.alpaca.AlpacaSandbox.SandboxAccount;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * One sandbox per test class on a free loopback port, a fresh account per test, and after every
 * test the check that each request the adapter sent is one Alpaca's OpenAPI document allows.
 */
abstract class AlpacaSandboxTestBase {
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();
    static AlpacaSandbox sandbox;
    static AlpacaAdapter adapter;

    @BeforeAll
    static void startSandbox() {
        sandbox = new AlpacaSandbox(2);
        sandbox.start(0);
        adapter = new AlpacaAdapter(AlpacaTestSupport.http(Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @AfterEach
    void everyRequestWasOneAlpacaDocuments() {
        try {
            AlpacaTestSupport.assertEveryRequestMatchesSpec(sandbox);
        } finally {
            sandbox.clearRequests();
        }
    }

    /** A new sandbox account (margin, multiplier 2) and the copygate account pointing at it. */
    static Fixture newAccount(String cash, String... settings) {
        SandboxAccount a = sandbox.createAccount("acct" + ACCOUNTS.incrementAndGet(), new BigDecimal(cash));
        return new Fixture(a, AlpacaTestSupport.account(sandbox, a, settings));
    }

    record Fixture(SandboxAccount sandboxAccount, BrokerAccount account) {
        String name() {
            return sandboxAccount.name();
        }
    }

    static long requests(String method, String pathPrefix) {
        return sandbox.requests().stream()
                .filter(r -> r.method().equals(method) && r.pathAndQuery().startsWith(pathPrefix))
                .count();
    }
}
