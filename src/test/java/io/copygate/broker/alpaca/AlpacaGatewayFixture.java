package io.copygate.broker.alpaca;

import io.copygate.sim.alpaca.AlpacaSandbox;
import io.copygate.sim.alpaca.AlpacaSandbox.SandboxAccount;
import io.copygate.testing.Await;
import io.copygate.testing.SeededAccounts;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The real gateway on PostgreSQL copying an Alpaca master (its trade_updates feed, entered through an
 * {@code account-feed} route file) to many Alpaca followers, all accounts of ONE sandbox on loopback.
 * Gateway account ids are the sandbox account names: {@code master}, {@code f1} … {@code fN}.
 */
final class AlpacaGatewayFixture implements AutoCloseable {
    static final BigDecimal MASTER_CASH = new BigDecimal("100000");

    final AlpacaSandbox sandbox;
    final TestDatabase db;
    final TestGateway gateway;

    private AlpacaGatewayFixture(AlpacaSandbox sandbox, TestDatabase db, TestGateway gateway) {
        this.sandbox = sandbox;
        this.db = db;
        this.gateway = gateway;
    }

    /**
     * @param cashOf    follower i's cash (its equity, holding nothing)
     * @param rulesJson every link's copy rules
     */
    static AlpacaGatewayFixture start(int followers, IntFunction<BigDecimal> cashOf, String rulesJson, Map<String, String> overrides)
            throws Exception {
        AlpacaSandbox sandbox = new AlpacaSandbox(2);
        sandbox.start(0);
        TestDatabase db = TestDatabase.postgres();
        try {
            Path config = TestGateway.writeConfig("tenants: [{id: t1}]\n");
            try (SeededAccounts seed = SeededAccounts.open(db, config)) {
                seed.tenant("t1");
                seed.account("master", "t1", "alpaca", settings(sandbox), keys(sandbox.createAccount("master", MASTER_CASH)));
                for (int i = 1; i <= followers; i++) {
                    String name = "f" + i;
                    seed.account(name, "t1", "alpaca", settings(sandbox), keys(sandbox.createAccount(name, cashOf.apply(i))));
                    seed.link("l-" + name, "t1", "master", name, rulesJson);
                }
            }
            Path routes = Files.createTempDirectory("alpaca-master-feed");
            Files.writeString(routes.resolve("feed-master.yaml"), """
                    - templatedRoute:
                        routeTemplateRef: account-feed
                        routeId: feed-master
                        parameters:
                          - {name: account, value: master}
                    """);
            Map<String, String> props = new HashMap<>();
            props.put("camel.main.routes-include-pattern", "file:routes/**/*.yaml,file:" + routes.toAbsolutePath() + "/*.yaml");
            props.put("copygate.broker.request-timeout-ms", "2000");
            props.putAll(overrides);
            TestGateway gateway = TestGateway.start(db, config, props);
            Await.until("the master feed listens", Duration.ofSeconds(10), () -> sandbox.listenerCount("master") == 1);
            return new AlpacaGatewayFixture(sandbox, db, gateway);
        } catch (Exception | Error e) {
            sandbox.close();
            db.close();
            throw e;
        }
    }

    private static Map<String, String> settings(AlpacaSandbox sandbox) {
        return Map.of("baseUrl", sandbox.baseUrl(), "streamUrl", sandbox.streamUrl());
    }

    private static Map<String, String> keys(SandboxAccount a) {
        return Map.of("keyId", a.keyId(), "secretKey", a.secretKey());
    }

    /** Waits for a condition; on timeout the failure says what the journal holds. */
    void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        try {
            Await.until(what, timeout, condition);
        } catch (AssertionError e) {
            AssertionError detailed = new AssertionError(e.getMessage() + "\n  signals: "
                    + db.rows("SELECT kind, source_event_id FROM signals")
                    + "\n  copy orders: " + db.rows("SELECT state, count(*) AS n, min(last_error) AS error FROM copy_orders GROUP BY state")
                    + "\n  skips: " + db.rows("SELECT reason_code, count(*) AS n, min(reason) AS reason FROM copy_skips GROUP BY reason_code")
                    + "\n  dead letters: " + db.rows("SELECT status, count(*) AS n, min(error) AS error FROM dead_letters GROUP BY status"));
            detailed.addSuppressed(e);
            throw detailed;
        }
    }

    long count(String sql, Object... params) {
        return db.count(sql, params);
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            sandbox.close();
            db.close();
        }
    }
}
