package io.copygate.sim.tradestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.sim.Sandboxes;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TradeStation sandbox is a strict peer: it refuses what TradeStation refuses, in TradeStation's shapes. */
class TradeStationSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "SIM555001";
    private final HttpClient http = HttpClient.newHttpClient();
    private TradeStationSandbox sandbox;
    private String refreshToken;

    @BeforeEach
    void start() {
        sandbox = (TradeStationSandbox) Sandboxes.create("tradestation");
        sandbox.start(0);
        sandbox.registerApp("app1", "secret1");
        refreshToken = sandbox.issueRefreshToken("app1", ACCOUNT);
        sandbox.setPrice("ESZ26", new BigDecimal("5000"));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void tokenEndpointAnswersLikeTheSignInService() throws Exception {
        HttpResponse<String> ok = token("grant_type=refresh_token&client_id=app1&client_secret=secret1&refresh_token="
                + refreshToken);
        assertEquals(200, ok.statusCode());
        JsonNode body = JSON.readTree(ok.body());
        assertEquals(1200, body.get("expires_in").asInt());
        assertEquals("Bearer", body.get("token_type").asText());
        assertTrue(!body.has("refresh_token"), "no rotation unless the key rotates");

        assertEquals("invalid_grant", error(token("grant_type=refresh_token&client_id=app1&client_secret=secret1"
                + "&refresh_token=nope"), 403));
        assertEquals("access_denied", error(token("grant_type=refresh_token&client_id=app1&client_secret=wrong"
                + "&refresh_token=" + refreshToken), 401));
        assertEquals("invalid_request", error(token("client_id=app1"), 400));
        assertEquals("unsupported_grant_type", error(token("grant_type=password&client_id=app1"), 403));
    }

    @Test
    void rotationRetiresTheRefreshTokenThatWasUsed() throws Exception {
        sandbox.rotateRefreshTokens(true);
        String form = "grant_type=refresh_token&client_id=app1&client_secret=secret1&refresh_token=";
        JsonNode first = JSON.readTree(token(form + refreshToken).body());
        String next = first.get("refresh_token").asText();
        assertEquals("invalid_grant", error(token(form + refreshToken), 403));
        assertEquals(200, token(form + next).statusCode());
    }

    @Test
    void apiRefusesMissingExpiredAndForeignAccess() throws Exception {
        assertEquals("Unauthorized", error(api("GET", "/v3/brokerage/accounts/" + ACCOUNT + "/orders", null, null), 401));
        String access = access();
        assertEquals(200, api("GET", "/v3/brokerage/accounts/" + ACCOUNT + "/orders", access, null).statusCode());
        assertEquals("Forbidden", error(api("GET", "/v3/brokerage/accounts/SIM999/orders", access, null), 403));
        sandbox.expireAccessTokens();
        assertEquals("Unauthorized", error(api("GET", "/v3/brokerage/accounts/" + ACCOUNT + "/orders", access, null), 401));
    }

    @Test
    void malformedOrdersAreBadRequestsNamingTheField() throws Exception {
        String access = access();
        String base = "\"AccountID\":\"" + ACCOUNT + "\",\"Symbol\":\"ESZ26\",\"TradeAction\":\"BUY\","
                + "\"TimeInForce\":{\"Duration\":\"DAY\"}";
        assertMessage(api("POST", "/v3/orderexecution/orders", access, "{" + base + ",\"OrderType\":\"Market\"}"),
                "Quantity is required.");
        assertMessage(api("POST", "/v3/orderexecution/orders", access, "{" + base + ",\"Quantity\":1,\"OrderType\":\"Market\"}"),
                "Quantity must be a numeric string.");
        assertMessage(api("POST", "/v3/orderexecution/orders", access, "{" + base + ",\"Quantity\":\"1\",\"OrderType\":\"Limit\"}"),
                "LimitPrice is required for a Limit order.");
        assertMessage(api("POST", "/v3/orderexecution/orders", access, "{" + base
                + ",\"Quantity\":\"1\",\"OrderType\":\"Market\",\"OrderConfirmID\":\"abcdefghijklmnopqrstuvw\"}"),
                "OrderConfirmID must be 1 to 22 characters.");
        assertMessage(api("POST", "/v3/orderexecution/orders", access, "{oops"), "The request body is not valid JSON.");
        assertTrue(sandbox.orders(ACCOUNT).isEmpty());
    }

    @Test
    void repeatedOrderConfirmIdIsRefusedInsideHttp200() throws Exception {
        String access = access();
        String order = "{\"AccountID\":\"" + ACCOUNT + "\",\"Symbol\":\"ESZ26\",\"Quantity\":\"1\",\"OrderType\":\"Limit\","
                + "\"LimitPrice\":\"4900\",\"TradeAction\":\"BUY\",\"TimeInForce\":{\"Duration\":\"DAY\"},"
                + "\"OrderConfirmID\":\"cgrepeated00000001\"}";
        JsonNode first = JSON.readTree(api("POST", "/v3/orderexecution/orders", access, order).body());
        assertTrue(first.get("Orders").get(0).hasNonNull("OrderID"));
        HttpResponse<String> again = api("POST", "/v3/orderexecution/orders", access, order);
        assertEquals(200, again.statusCode());
        assertEquals("Order failed. Reason: Duplicate OrderConfirmID cgrepeated00000001.",
                JSON.readTree(again.body()).get("Errors").get(0).get("Message").asText());
        assertEquals(1, sandbox.orders(ACCOUNT).size());
    }

    @Test
    void rateLimitIs429InTradeStationsShape() throws Exception {
        String access = access();
        sandbox.rateLimitNext(1);
        assertEquals("TooManyRequests", error(api("GET", "/v3/brokerage/accounts/" + ACCOUNT + "/orders", access, null), 429));
    }

    @Test
    void streamSendsSnapshotEndSnapshotChangesHeartbeatAndGoAway() throws Exception {
        sandbox.humanPlaceOrder(ACCOUNT, "BUY", "ESZ26", 1, "Limit", new BigDecimal("4900"), null);
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                        + "/v3/brokerage/stream/accounts/" + ACCOUNT + "/orders"))
                .header("Authorization", "Bearer " + access()).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertEquals("application/vnd.tradestation.streams.v3+json", stream.headers().firstValue("content-type").orElse(""));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
                lines.add("<end>");
            } catch (Exception e) {
                lines.add("<error>");
            }
        });
        reader.setDaemon(true);
        reader.start();

        assertEquals("OPN", JSON.readTree(next(lines)).get("Status").asText());
        assertEquals("{\"StreamStatus\":\"EndSnapshot\"}", next(lines));
        sandbox.humanPlaceOrder(ACCOUNT, "SELL", "ESZ26", 2, "Market", null, null);
        List<String> statuses = List.of(JSON.readTree(next(lines)).get("Status").asText(),
                JSON.readTree(next(lines)).get("Status").asText(), JSON.readTree(next(lines)).get("Status").asText());
        assertEquals(List.of("ACK", "OPN", "FLL"), statuses);
        assertTrue(JSON.readTree(next(lines)).has("Heartbeat"), "a heartbeat after five idle seconds");
        sandbox.goAwayStreams();
        assertEquals("{\"StreamStatus\":\"GoAway\"}", next(lines));
        assertEquals("<end>", next(lines));
    }

    @Test
    void refusedStreamIsAnErrorResponse() throws Exception {
        sandbox.refuseStreams(true);
        assertEquals("ServiceUnavailable", error(api("GET", "/v3/brokerage/stream/accounts/" + ACCOUNT + "/orders",
                access(), null), 503));
    }

    private static String next(BlockingQueue<String> lines) throws InterruptedException {
        String line = lines.poll(10, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no stream line within 10 s");
        }
        return line;
    }

    private String access() throws Exception {
        return JSON.readTree(token("grant_type=refresh_token&client_id=app1&client_secret=secret1&refresh_token="
                + refreshToken).body()).get("access_token").asText();
    }

    private HttpResponse<String> token(String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String method, String path, String access, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (access != null) {
            b.header("Authorization", "Bearer " + access);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        return body.has("error") ? body.get("error").asText() : body.get("Error").asText();
    }

    private static void assertMessage(HttpResponse<String> response, String message) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("BadRequest", body.get("Error").asText());
        assertEquals(message, body.get("Message").asText());
    }
}
