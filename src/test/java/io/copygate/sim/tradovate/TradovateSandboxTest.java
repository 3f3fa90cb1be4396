package io.copygate.sim.tradovate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.sim.Sandbox;
import io.copygate.sim.Sandboxes;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Tradovate sandbox is a strict peer: it refuses what Tradovate refuses, the way Tradovate does. */
class TradovateSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private TradovateSandbox sandbox;
    private long accountId;
    private long userId;

    @BeforeEach
    void start() {
        sandbox = (TradovateSandbox) Sandboxes.create("tradovate");
        sandbox.start(0);
        userId = sandbox.addUser("u1", "pw1", "7", "sec7");
        accountId = sandbox.addAccount(userId, "ACC1");
        sandbox.setPrice("ESZ6", new BigDecimal("5000"));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void isRegisteredAndListensOnLoopback() {
        assertTrue(Sandboxes.names().contains("tradovate"));
        assertTrue(sandbox.baseUrl().startsWith("http://127.0.0.1:"));
        assertEquals("tradovate", ((Sandbox) sandbox).name());
    }

    @Test
    void loginChecksNamePasswordAndApiKey() throws Exception {
        JsonNode ok = post("/auth/accesstokenrequest", null,
                "{\"name\":\"u1\",\"password\":\"pw1\",\"appId\":\"x\",\"appVersion\":\"1\",\"cid\":7,\"sec\":\"sec7\"}");
        assertTrue(ok.hasNonNull("accessToken"));
        assertEquals(userId, ok.get("userId").asLong());
        JsonNode wrongKey = post("/auth/accesstokenrequest", null,
                "{\"name\":\"u1\",\"password\":\"pw1\",\"cid\":7,\"sec\":\"nope\"}");
        assertEquals("Incorrect username or password", wrongKey.get("errorText").asText());
        JsonNode malformed = post("/auth/accesstokenrequest", null, "{\"name\":\"u1\"}");
        assertEquals("Invalid or missed parameters", malformed.get("errorText").asText());
    }

    @Test
    void requestsWithoutAValidTokenAreRefused() throws Exception {
        assertEquals(401, send("GET", "/account/list", null, null).statusCode());
        assertEquals(401, send("GET", "/account/list", "not-a-token", null).statusCode());
        String token = login();
        assertEquals(200, send("GET", "/account/list", token, null).statusCode());
        sandbox.expireTokens();
        HttpResponse<String> expired = send("GET", "/account/list", token, null);
        assertEquals(401, expired.statusCode());
        assertEquals("Access is denied", expired.body());
    }

    @Test
    void malformedOrdersAreRefusedInsideHttp200AndNothingIsPlaced() throws Exception {
        String token = login();
        String good = "\"accountSpec\":\"ACC1\",\"accountId\":" + accountId
                + ",\"action\":\"Buy\",\"symbol\":\"ESZ6\",\"orderQty\":1,\"isAutomated\":true";
        for (String bad : List.of(
                "{" + good + "}",                                                // no orderType
                "{" + good + ",\"orderType\":\"Limit\"}",                        // no price
                "{" + good + ",\"orderType\":\"Market\",\"orderQty\":1.5}",      // fractional quantity
                "{" + good + ",\"orderType\":\"Market\",\"timeInForce\":\"Week\"}",
                "{" + good + ",\"orderType\":\"Market\",\"clientOrderId\":\"x\"}", // not a Tradovate field
                "not json")) {
            HttpResponse<String> r = send("POST", "/order/placeorder", token, bad);
            assertEquals(200, r.statusCode(), bad);
            assertEquals("Invalid or missed parameters", JSON.readTree(r.body()).get("errorText").asText(), bad);
        }
        JsonNode otherAccount = JSON.readTree(send("POST", "/order/placeorder", token,
                "{\"accountId\":999,\"action\":\"Buy\",\"symbol\":\"ESZ6\",\"orderQty\":1,\"orderType\":\"Market\"}")
                .body());
        assertEquals("Unauthorized", otherAccount.get("failureReason").asText());
        assertTrue(sandbox.orders("ACC1").isEmpty());
    }

    @Test
    void repeatedClOrdIdIsAcceptedBecauseTradovateDocumentsNoCheck() throws Exception {
        String token = login();
        String body = "{\"accountSpec\":\"ACC1\",\"accountId\":" + accountId + ",\"clOrdId\":\"cgsameid0000000001\","
                + "\"action\":\"Buy\",\"symbol\":\"ESZ6\",\"orderQty\":1,\"orderType\":\"Limit\",\"price\":4900,"
                + "\"isAutomated\":true}";
        send("POST", "/order/placeorder", token, body);
        send("POST", "/order/placeorder", token, body);
        assertEquals(2, sandbox.orders("ACC1").size());
        assertEquals(2, sandbox.commands("ACC1").stream()
                .filter(c -> "cgsameid0000000001".equals(c.path("clOrdId").asText())).count());
    }

    @Test
    void penaltyTicketMustBeWaitedOutWithTheIdenticalBody() throws Exception {
        String token = login();
        String body = "{\"accountSpec\":\"ACC1\",\"accountId\":" + accountId + ",\"action\":\"Buy\",\"symbol\":\"ESZ6\","
                + "\"orderQty\":1,\"orderType\":\"Limit\",\"price\":4900,\"isAutomated\":true}";
        sandbox.penalizeNext(1, 30, false);
        JsonNode ticket = JSON.readTree(send("POST", "/order/placeorder", token, body).body());
        assertEquals(30, ticket.get("p-time").asInt());
        String withTicket = body.substring(0, body.length() - 1) + ",\"p-ticket\":\"" + ticket.get("p-ticket").asText() + "\"}";

        JsonNode tooEarly = JSON.readTree(send("POST", "/order/placeorder", token, withTicket).body());
        assertTrue(tooEarly.has("p-ticket"), "resent before p-time: another ticket");
        sandbox.advanceTime(Duration.ofSeconds(31));
        String withNewTicket = body.substring(0, body.length() - 1) + ",\"p-ticket\":\"" + tooEarly.get("p-ticket").asText()
                + "\"}";
        JsonNode placed = JSON.readTree(send("POST", "/order/placeorder", token, withNewTicket).body());
        assertTrue(placed.has("orderId"), placed.toString());
        assertEquals(1, sandbox.orders("ACC1").size());
    }

    @Test
    void userOverTheLimitGets429WithAnEmptyBody() throws Exception {
        String token = login();
        sandbox.limitUser(userId, Duration.ofHours(1));
        HttpResponse<String> r = send("GET", "/order/list", token, null);
        assertEquals(429, r.statusCode());
        assertEquals("", r.body());
    }

    @Test
    void webSocketAuthorizesSynchronisesAndPushesProps() throws Exception {
        String token = login();
        Socket ws = Socket.open(sandbox.webSocketUrl());
        ws.awaitFrame("o");
        ws.send("user/syncrequest\n1\n\n{\"users\":[" + userId + "]}");
        ws.awaitFrame("a[{\"s\":401,\"i\":1");
        ws.send("authorize\n2\n\nwrong-token");
        ws.awaitFrame("a[{\"s\":401,\"i\":2");
        ws.send("authorize\n3\n\n" + token);
        ws.awaitFrame("a[{\"s\":200,\"i\":3}]");
        ws.send("user/syncrequest\n4\n\n{\"users\":[" + userId + "]}");
        ws.awaitFrame("a[{\"s\":200,\"i\":4,\"d\":{");
        sandbox.humanPlaceOrder("ACC1", "Buy", "ESZ6", 1, "Limit", new BigDecimal("4900"), null);
        ws.awaitFrame("\"entityType\":\"order\",\"eventType\":\"Created\"");
        ws.awaitFrame("\"entityType\":\"orderVersion\"");
        ws.close();
    }

    @Test
    void silentClientIsClosedWithACloseFrame() throws Exception {
        sandbox.clientHeartbeatTimeout(Duration.ofMillis(500));
        Socket ws = Socket.open(sandbox.webSocketUrl());
        ws.awaitFrame("c[1000,\"Heartbeat timeout\"]");
        ws.close();
    }

    @Test
    void standaloneControlsWorkOverHttp() throws Exception {
        HttpResponse<String> user = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl().replace("/v1", "")
                        + "/sandbox/user")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"u2\",\"password\":\"p2\",\"account\":\"ACC2\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, user.statusCode());
        HttpResponse<String> order = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl().replace("/v1", "")
                        + "/sandbox/master/order")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"account\":\"ACC2\",\"action\":\"Sell\",\"symbol\":\"ESZ6\",\"orderQty\":1,\"orderType\":\"Market\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(JSON.readTree(order.body()).has("orderId"));
        assertEquals(-1, sandbox.netPosition("ACC2", "ESZ6"));
        assertFalse(sandbox.requests().isEmpty());
    }

    private String login() throws Exception {
        return post("/auth/accesstokenrequest", null,
                "{\"name\":\"u1\",\"password\":\"pw1\",\"cid\":7,\"sec\":\"sec7\"}").get("accessToken").asText();
    }

    private JsonNode post(String path, String token, String body) throws Exception {
        return JSON.readTree(send("POST", path, token, body).body());
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A bare WebSocket client that keeps every frame it receives. */
    private static final class Socket implements WebSocket.Listener {
        private final List<String> frames = new CopyOnWriteArrayList<>();
        private WebSocket ws;

        static Socket open(String url) {
            Socket s = new Socket();
            s.ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), s).join();
            return s;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frames.add(data.toString());
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        void send(String text) {
            ws.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
        }

        void awaitFrame(String containing) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (frames.stream().noneMatch(f -> f.contains(containing))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no frame with " + containing + " in " + frames);
                }
                Thread.sleep(10);
            }
        }

        void close() {
            ws.abort();
        }
    }
}
