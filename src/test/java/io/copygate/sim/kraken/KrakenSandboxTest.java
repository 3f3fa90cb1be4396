package io.copygate.sim.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.broker.kraken.KrakenSigner;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Kraken sandbox is strict where Kraken is: keys, signatures, nonces, precision, minimums, limits. Raw HTTP. */
class KrakenSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = Base64.getEncoder().encodeToString("a-secret-of-some-length".getBytes());
    private final KrakenSandbox sandbox = new KrakenSandbox();
    private final HttpClient http = HttpClient.newHttpClient();
    private final KrakenSigner signer = new KrakenSigner("k1", SECRET);
    private long nonce = 1000;

    KrakenSandboxTest() {
        sandbox.start(0);
        sandbox.addAccount("k1", SECRET);
        sandbox.setBalance("k1", "USD", new BigDecimal("100000"));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private JsonNode post(String method, long n, String jsonFields, String apiKey, KrakenSigner s) throws Exception {
        String body = "{\"nonce\":" + n + (jsonFields.isEmpty() ? "" : "," + jsonFields) + "}";
        String path = "/0/private/" + method;
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("API-Key", apiKey).header("API-Sign", s.sign(path, n, body))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "Kraken answers errors inside HTTP 200");
        return JSON.readTree(r.body());
    }

    private JsonNode post(String method, String jsonFields) throws Exception {
        return post(method, ++nonce, jsonFields, "k1", signer);
    }

    private static String error(JsonNode answer) {
        return answer.path("error").path(0).asText("");
    }

    private static final String LIMIT = "\"pair\":\"XBTUSD\",\"type\":\"buy\",\"ordertype\":\"limit\",\"volume\":\"0.1\",\"price\":\"59000\"";

    @Test
    void keysSignaturesAndNoncesAreCheckedAsKrakenDoes() throws Exception {
        assertEquals("", error(post("AddOrder", LIMIT)));
        long accepted = nonce;
        assertEquals("EAPI:Invalid key", error(post("Balance", ++nonce, "", "nobody", signer)));
        assertEquals("EAPI:Invalid signature", error(post("Balance", ++nonce, "", "k1",
                new KrakenSigner("k1", Base64.getEncoder().encodeToString("other".getBytes())))));
        assertEquals("EAPI:Invalid nonce", error(post("Balance", accepted, "", "k1", signer)), "a reused nonce");
        assertEquals("EAPI:Invalid nonce", error(post("Balance", accepted - 5, "", "k1", signer)), "a smaller nonce");
        assertEquals("", error(post("Balance", accepted + 1, "", "k1", signer)), "refused requests do not use up nonces");
    }

    @Test
    void formEncodedBodiesAreSignedOverTheirExactBytes() throws Exception {
        String body = "nonce=" + (++nonce) + "&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/0/private/AddOrder"))
                .header("API-Key", "k1").header("API-Sign", signer.sign("/0/private/AddOrder", nonce, body))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(r.body());
        assertEquals("buy 1.25000000 XBTUSD @ limit 37500.0", answer.path("result").path("descr").path("order").asText());
    }

    @Test
    void ordersAreCheckedForPrecisionMinimumsAndFunds() throws Exception {
        assertEquals("EOrder:Invalid price:XBT/USD price can only be specified up to 1 decimals.",
                error(post("AddOrder", LIMIT.replace("59000", "59000.05"))));
        assertEquals("EGeneral:Invalid arguments:volume", error(post("AddOrder", LIMIT.replace("0.1", "0.123456789"))));
        assertEquals("EOrder:Order minimum not met", error(post("AddOrder", LIMIT.replace("0.1", "0.00005"))));
        assertEquals("EOrder:Cost minimum not met", error(post("AddOrder",
                "\"pair\":\"XDGUSD\",\"type\":\"buy\",\"ordertype\":\"limit\",\"volume\":\"60\",\"price\":\"0.005\"")));
        assertEquals("EQuery:Unknown asset pair", error(post("AddOrder", LIMIT.replace("XBTUSD", "XBTJPY"))));
        assertEquals("EGeneral:Invalid arguments", error(post("AddOrder", LIMIT + ",\"colour\":\"red\"")));
        assertEquals("EOrder:Insufficient funds", error(post("AddOrder", LIMIT.replace("0.1", "2"))));
        assertEquals("EGeneral:Invalid arguments:cl_ord_id",
                error(post("AddOrder", LIMIT + ",\"cl_ord_id\":\"far-too-long-for-free-text\"")));
        assertEquals("", error(post("AddOrder", LIMIT + ",\"cl_ord_id\":\"abc\"")));
        assertEquals("EOrder:Duplicate order", error(post("AddOrder", LIMIT + ",\"cl_ord_id\":\"abc\"")));
        assertEquals("EOrder:Unknown order", error(post("CancelOrder", "\"cl_ord_id\":\"nope\"")));
        JsonNode open = post("OpenOrders", "\"cl_ord_id\":\"abc\"");
        assertEquals(1, open.path("result").path("open").size());
    }

    @Test
    void theRestCounterAndTheTradingCounterRunOut() throws Exception {
        sandbox.limits(3, 0.0001, 2);
        for (int i = 0; i < 3; i++) {
            assertEquals("", error(post("Balance", "")));
        }
        assertEquals("EAPI:Rate limit exceeded", error(post("Balance", "")));
        assertEquals("", error(post("AddOrder", LIMIT)), "trading calls use the trading counter");
        assertEquals("", error(post("AddOrder", LIMIT)));
        assertEquals("EOrder:Rate limit exceeded", error(post("AddOrder", LIMIT)));
    }

    @Test
    void webSocketTokensAreCheckedAndExpire() throws Exception {
        java.util.List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.net.http.WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(sandbox.wsUrl()),
                new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence d, boolean last) {
                        got.add(d.toString());
                        w.request(1);
                        return null;
                    }
                }).join();
        ws.sendText("{\"method\":\"subscribe\",\"params\":{\"channel\":\"executions\",\"token\":\"made-up\"}}", true).join();
        io.copygate.broker.RecordingFeedListener.await(() -> got.size() >= 1, "the refusal");
        JsonNode refusal = JSON.readTree(got.get(0));
        assertEquals(false, refusal.path("success").asBoolean());
        assertEquals("EAPI:Invalid token", refusal.path("error").asText());
        String token = post("GetWebSocketsToken", "").path("result").path("token").asText();
        ws.sendText("{\"method\":\"subscribe\",\"params\":{\"channel\":\"executions\",\"token\":\"" + token + "\"}}", true).join();
        io.copygate.broker.RecordingFeedListener.await(() -> got.size() >= 3, "ack and snapshot");
        assertTrue(JSON.readTree(got.get(1)).path("success").asBoolean(), got.get(1));
        assertEquals("snapshot", JSON.readTree(got.get(2)).path("type").asText());
        assertEquals(1, sandbox.subscribedConnections());
        ws.abort();
    }
}
