package io.copygate.delivery;

import io.copygate.security.WebhookTokens;
import io.copygate.specs.BrokerSpec;
import io.copygate.sim.tradestation.TradeStationSandbox;
import io.copygate.sim.tradovate.TradovateSandbox;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A TradeStation sandbox and a Tradovate sandbox on loopback, and the gateway.yaml entries and feed
 * route files that connect real gateways to them. Credentials in gateway.yaml must be {@code ${env:...}}
 * references; the JVM cannot set environment variables, so the sandboxes are given the values of two
 * variables every test JVM has ({@code HOME}, {@code PATH}) as their users' secrets.
 */
final class FuturesDesk implements AutoCloseable {
    static final String TS_MASTER = "SIM777001";
    static final String TS_FOLLOWER = "SIM777002";
    static final String TV_MASTER = "DEMO4201";
    static final String TV_FOLLOWER = "DEMO4202";
    /** What {@code ${env:HOME}} and {@code ${env:PATH}} resolve to in the gateway. */
    static final String HOME = env("HOME");
    static final String PATH = env("PATH");

    final TradeStationSandbox tradestation = new TradeStationSandbox();
    final TradovateSandbox tradovate = new TradovateSandbox();
    final long tradovateUser;
    private final Path routes;

    FuturesDesk() {
        tradestation.start(0);
        tradovate.start(0);
        // TradeStation: API key HOME / PATH, refresh token PATH for both accounts
        tradestation.registerApp(HOME, PATH);
        tradestation.grantRefreshToken(PATH, HOME, TS_MASTER, TS_FOLLOWER);
        // Tradovate: user HOME, password PATH, API key id HOME, secret PATH
        tradovateUser = tradovate.addUser(HOME, PATH, HOME, PATH);
        tradovate.addAccount(tradovateUser, TV_MASTER);
        tradovate.addAccount(tradovateUser, TV_FOLLOWER);
        try {
            routes = Files.createTempDirectory("futures-routes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the futures end-to-end tests need environment variable " + name);
        }
        return value;
    }

    /** A gateway.yaml account entry for a TradeStation account of the sandbox. */
    String tradestationAccount(String id, String brokerAccount) {
        return """
                  - id: %s
                    tenant: t1
                    broker: tradestation
                    brokerAccount: %s
                    settings: {environment: sim, baseUrl: "%s", tokenUrl: "%s", pollInterval: PT0.2S}
                    credentials: {clientId: "${env:HOME}", clientSecret: "${env:PATH}", refreshToken: "${env:PATH}"}
                    webhookTokens: [{sha256: %s}]
                """.formatted(id, brokerAccount, tradestation.baseUrl(), tradestation.tokenUrl(),
                WebhookTokens.sha256("unused-" + id));
    }

    /** A gateway.yaml account entry for a Tradovate account of the sandbox; {@code passwordEnv} names the password. */
    String tradovateAccount(String id, String brokerAccount, String passwordEnv) {
        return """
                  - id: %s
                    tenant: t1
                    broker: tradovate
                    brokerAccount: %s
                    settings: {environment: demo, baseUrl: "%s", reconnectMaxBackoff: PT0.5S}
                    credentials: {name: "${env:HOME}", password: "${env:%s}", cid: "${env:HOME}", sec: "${env:PATH}"}
                    webhookTokens: [{sha256: %s}]
                """.formatted(id, brokerAccount, tradovate.baseUrl(), passwordEnv, WebhookTokens.sha256("unused-" + id));
    }

    /** Makes {@code account}'s feed a source: the one YAML file an integration engineer writes. */
    void feedRoute(String account) {
        try {
            Files.writeString(routes.resolve("feed-" + account + ".yaml"), """
                    - templatedRoute:
                        routeTemplateRef: account-feed
                        routeId: feed-%s
                        parameters:
                          - name: account
                            value: %s
                    """.formatted(account, account));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestGateway start(TestDatabase db, String gatewayYaml) {
        return start(db, gatewayYaml, Map.of());
    }

    TestGateway start(TestDatabase db, String gatewayYaml, Map<String, String> overrides) {
        Map<String, String> props = new java.util.HashMap<>(overrides);
        props.put("camel.main.routes-include-pattern", "file:routes/**/*.yaml,file:" + routes.toAbsolutePath() + "/*.yaml");
        return TestGateway.start(db, gatewayYaml, props);
    }

    /** The bodies of the requests the Tradovate sandbox received on {@code path}. */
    List<String> tradovateBodies(String path) {
        return tradovate.requests().stream().filter(r -> r.path().equalsIgnoreCase(path)).map(r -> r.body()).toList();
    }

    /** The bodies of the requests the TradeStation sandbox received with this method on this path prefix. */
    List<String> tradestationBodies(String method, String pathPrefix) {
        return tradestation.requests().stream()
                .filter(r -> r.method().equals(method) && r.pathAndQuery().startsWith(pathPrefix))
                .map(r -> r.body()).toList();
    }

    /**
     * Every request the gateway sent to the TradeStation sandbox (not the token endpoint, which the
     * document does not cover, nor sandbox controls) is one TradeStation's v3 OpenAPI document allows.
     * Without the document only this check is skipped (COPYGATE_REQUIRE_SPECS=1 makes that a failure).
     */
    void assertTradeStationRequestsAllowedBySpec() {
        String document = "tradestation/v3-openapi.2026-05-09.json";
        if (!Files.isRegularFile(BrokerSpec.specsDir().resolve(document)) && !"1".equals(System.getenv("COPYGATE_REQUIRE_SPECS"))) {
            System.err.println("TradeStation's API document is absent under " + BrokerSpec.specsDir() + "; request check skipped");
            return;
        }
        BrokerSpec spec = BrokerSpec.load(document);
        List<String> problems = new java.util.ArrayList<>();
        int checked = 0;
        for (var r : tradestation.requests()) {
            if (r.path().startsWith("/sandbox/") || r.path().equals("/oauth/token")) {
                continue;
            }
            checked++;
            spec.problems(r.method(), r.pathAndQuery(), new java.util.HashMap<>(r.headers()),
                    r.body().isEmpty() ? null : r.body()).forEach(p -> problems.add(r.method() + " " + r.pathAndQuery() + ": " + p));
        }
        org.junit.jupiter.api.Assertions.assertTrue(checked > 0, "no TradeStation request to check");
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), problems, "requests TradeStation's document does not allow");
    }

    @Override
    public void close() {
        tradestation.close();
        tradovate.close();
    }
}
