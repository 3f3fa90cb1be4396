package io.copygate.broker.crypto;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.copygate.sim.binance.BinanceSandbox;
import io.copygate.sim.coinbase.CoinbaseSandbox;
import io.copygate.sim.kraken.KrakenSandbox;
import io.copygate.specs.BrokerSpec;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The three crypto sandboxes on loopback with copygate's test accounts, for tests that run the real
 * gateway against them. Credentials reach the gateway the production way, as {@code ${env:NAME}} in
 * gateway.yaml; the values are test-only sandbox keys that Maven's surefire sets for the test JVM
 * (pom.xml), registered here in the sandboxes.
 */
final class CryptoVenues implements AutoCloseable {
    /** Account identities (API key / CDP key name) in every sandbox: 1 = master, 2 and 3 = followers. */
    static final String KEY_1 = env("COPYGATE_TEST_KEY_1");
    static final String KEY_2 = env("COPYGATE_TEST_KEY_2");
    static final String KEY_3 = env("COPYGATE_TEST_KEY_3");
    /** The public half of COPYGATE_TEST_ED25519_KEY (the Coinbase accounts' key). */
    private static final String ED25519_PUBLIC = "MCowBQYDK2VwAyEAZDSW1AJnJRoqJKEhGVm6jSNA0MwyZEL1SmDuZ3TIt20=";

    final BinanceSandbox binance = new BinanceSandbox();
    final CoinbaseSandbox coinbase = new CoinbaseSandbox();
    final KrakenSandbox kraken = new KrakenSandbox();

    CryptoVenues() {
        binance.start(0);
        coinbase.start(0);
        kraken.start(0);
        PublicKey coinbaseKey = ed25519Public();
        for (String key : List.of(KEY_1, KEY_2, KEY_3)) {
            binance.addAccount(key, env("COPYGATE_TEST_HMAC_SECRET"));
            kraken.addAccount(key, env("COPYGATE_TEST_KRAKEN_SECRET"));
            coinbase.addAccount(key, coinbaseKey);
            for (String asset : List.of("USD", "USDT", "USDC")) {
                binance.setBalance(key, asset, new BigDecimal("100000"));
                kraken.setBalance(key, asset, new BigDecimal("100000"));
                coinbase.setBalance(key, asset, new BigDecimal("100000"));
            }
            binance.setBalance(key, "BTC", new BigDecimal("2"));
            kraken.setBalance(key, "BTC", new BigDecimal("2"));
            coinbase.setBalance(key, "BTC", new BigDecimal("2"));
        }
    }

    /** gateway.yaml account entries: {@code bn-<suffix>}, {@code cb-<suffix>}, {@code kr-<suffix>} on key {@code keyVar}. */
    String accounts(String suffix, String keyVar) {
        return """
                  - id: bn-%1$s
                    tenant: t1
                    broker: binance
                    settings: {baseUrl: "%2$s", wsApiUrl: "%3$s", symbols: "BTCUSDT"}
                    credentials: {apiKey: "${env:%8$s}", secretKey: "${env:COPYGATE_TEST_HMAC_SECRET}"}
                  - id: cb-%1$s
                    tenant: t1
                    broker: coinbase
                    settings: {baseUrl: "%4$s", wsUrl: "%5$s", products: "BTC-USD"}
                    credentials: {apiKeyName: "${env:%8$s}", privateKey: "${env:COPYGATE_TEST_ED25519_KEY}"}
                  - id: kr-%1$s
                    tenant: t1
                    broker: kraken
                    settings: {baseUrl: "%6$s", wsUrl: "%7$s"}
                    credentials: {apiKey: "${env:%8$s}", privateKey: "${env:COPYGATE_TEST_KRAKEN_SECRET}"}
                """.formatted(suffix, binance.baseUrl(), binance.wsApiUrl(), coinbase.baseUrl(), coinbase.wsUrl(),
                kraken.baseUrl(), kraken.wsUrl(), keyVar);
    }

    /**
     * Starts the gateway with {@code gatewayYaml} and the real routes, plus an {@code account-feed} route
     * file per master account, as an integration engineer adds them (docs/brokers/*.md).
     */
    static TestGateway gateway(TestDatabase db, String gatewayYaml, List<String> masters) throws Exception {
        Path routes = Files.createTempDirectory("crypto-feeds");
        for (String master : masters) {
            Files.writeString(routes.resolve("feed-" + master + ".yaml"), """
                    - templatedRoute:
                        routeTemplateRef: account-feed
                        routeId: feed-%1$s
                        parameters:
                          - name: account
                            value: %1$s
                    """.formatted(master));
        }
        return TestGateway.start(db, gatewayYaml, Map.of("camel.main.routes-include-pattern",
                "file:routes/**/*.yaml,file:" + routes.toAbsolutePath() + "/*.yaml"));
    }

    /** Every request the gateway sent to Binance and Kraken is one their OpenAPI documents allow. */
    void assertRequestsMatchTheVenueSpecs() {
        BrokerSpec binanceSpec = BrokerSpec.load("binance/spot_api.yaml");
        for (BinanceSandbox.Recorded r : binance.requests()) {
            binanceSpec.assertAllows(r.method(), r.pathAndQuery(), r.headers(), r.body());
        }
        BrokerSpec krakenSpec = BrokerSpec.load("kraken/spot-rest/openapi_v3.yaml");
        for (KrakenSandbox.Recorded r : kraken.requests()) {
            krakenSpec.assertAllows(r.method(), r.pathAndQuery(), r.headers(), r.body());
        }
    }

    /** How many times the sandbox received {@code method path} (query ignored). */
    static long count(List<String> requestLines, String methodAndPath) {
        return requestLines.stream().filter(l -> l.equals(methodAndPath)).count();
    }

    List<String> binanceRequestLines() {
        return binance.requests().stream().map(r -> r.method() + " " + r.pathAndQuery().replaceAll("\\?.*", "")).toList();
    }

    List<String> krakenRequestLines() {
        return kraken.requests().stream().map(r -> r.method() + " " + r.pathAndQuery().replaceAll("\\?.*", "")).toList();
    }

    @Override
    public void close() {
        binance.close();
        coinbase.close();
        kraken.close();
    }

    private static PublicKey ed25519Public() {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(ED25519_PUBLIC)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        assertNotNull(v, "environment variable " + name + " is set by Maven's surefire configuration (pom.xml); run this test through Maven");
        return v;
    }
}
