package io.copygate.sim.coinbase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.broker.coinbase.CoinbaseAuth;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Coinbase sandbox checks JWTs and orders as Coinbase does. Raw HTTP. */
class CoinbaseSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "organizations/o/apiKeys/k";
    private final CoinbaseSandbox sandbox = new CoinbaseSandbox();
    private final HttpClient http = HttpClient.newHttpClient();
    private final KeyPair pair;
    private final CoinbaseAuth auth;

    CoinbaseSandboxTest() throws Exception {
        sandbox.start(0);
        pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        sandbox.addAccount(KEY, pair.getPublic());
        sandbox.setBalance(KEY, "USD", new BigDecimal("100000"));
        auth = new CoinbaseAuth(KEY, pair.getPrivate(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> order(String body) throws Exception {
        return post("/api/v3/brokerage/orders", body, auth.restToken("POST", "api.coinbase.com", "/api/v3/brokerage/orders"));
    }

    private static String limit(String clientId, String size, String price) {
        return "{\"client_order_id\":\"" + clientId + "\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\","
                + "\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"" + size + "\",\"limit_price\":\""
                + price + "\",\"post_only\":false}}}";
    }

    private static void assertUnauthorized(HttpResponse<String> r, String details) throws Exception {
        assertEquals(401, r.statusCode());
        JsonNode n = JSON.readTree(r.body());
        assertEquals("UNAUTHENTICATED", n.get("error").asText());
        assertEquals(details, n.get("error_details").asText());
    }

    @Test
    void tokensAreCheckedAsCoinbaseDoes() throws Exception {
        String body = limit("c1", "0.1", "59000");
        assertEquals(200, order(body).statusCode());
        assertUnauthorized(post("/api/v3/brokerage/orders", body,
                auth.restToken("POST", "api.coinbase.com", "/api/v3/brokerage/accounts")), "uri claim does not match the request");
        CoinbaseAuth other = new CoinbaseAuth(KEY, KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(),
                Clock.systemUTC());
        assertUnauthorized(post("/api/v3/brokerage/orders", body,
                other.restToken("POST", "api.coinbase.com", "/api/v3/brokerage/orders")), "invalid signature");
        CoinbaseAuth stranger = new CoinbaseAuth("organizations/o/apiKeys/nobody", pair.getPrivate(), Clock.systemUTC());
        assertUnauthorized(post("/api/v3/brokerage/orders", body,
                stranger.restToken("POST", "api.coinbase.com", "/api/v3/brokerage/orders")), "unknown API key");
        CoinbaseAuth late = new CoinbaseAuth(KEY, pair.getPrivate(), Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-121)));
        assertUnauthorized(post("/api/v3/brokerage/orders", body,
                late.restToken("POST", "api.coinbase.com", "/api/v3/brokerage/orders")), "token expired");
        CoinbaseAuth early = new CoinbaseAuth(KEY, pair.getPrivate(), Clock.offset(Clock.systemUTC(), Duration.ofSeconds(60)));
        assertUnauthorized(post("/api/v3/brokerage/orders", body,
                early.restToken("POST", "api.coinbase.com", "/api/v3/brokerage/orders")), "token not yet valid");
        assertUnauthorized(post("/api/v3/brokerage/orders", body, "not.a.jwt"), "malformed JWT");
    }

    @Test
    void ordersAreCheckedAndRejectedInside200() throws Exception {
        JsonNode tooPrecise = JSON.readTree(order(limit("c2", "0.123456789", "59000")).body());
        assertEquals(false, tooPrecise.get("success").asBoolean());
        assertEquals("INVALID_SIZE_PRECISION", tooPrecise.path("error_response").path("error").asText());
        JsonNode badPrice = JSON.readTree(order(limit("c3", "0.1", "59000.001")).body());
        assertEquals("INVALID_PRICE_PRECISION", badPrice.path("error_response").path("error").asText());
        JsonNode small = JSON.readTree(order(limit("c4", "0.00001", "59000")).body());
        assertEquals("PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL", small.path("error_response").path("preview_failure_reason").asText());
        JsonNode poor = JSON.readTree(order(limit("c5", "5", "59000")).body());
        assertEquals("INSUFFICIENT_FUND", poor.path("error_response").path("error").asText());
        JsonNode first = JSON.readTree(order(limit("c6", "0.1", "59000")).body());
        JsonNode again = JSON.readTree(order(limit("c6", "0.2", "58000")).body());
        assertEquals(first.path("success_response").path("order_id"), again.path("success_response").path("order_id"));
        assertEquals(1, sandbox.orders(KEY).size());
    }

    @Test
    void tooManyRequestsPerSecondAre429() throws Exception {
        sandbox.rateLimit(1);
        int limited = 0;
        for (int i = 0; i < 3; i++) {
            if (order(limit("r" + i, "0.1", "59000")).statusCode() == 429) {
                limited++;
            }
        }
        assertEquals(true, limited >= 1, "three requests span at most two seconds: one is refused");
    }
}
