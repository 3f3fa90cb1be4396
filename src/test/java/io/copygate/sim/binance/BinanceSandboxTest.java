package io.copygate.sim.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.broker.RecordingFeedListener;
import io.copygate.broker.binance.BinanceSigner;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Binance sandbox is strict where Binance is: auth, timestamps, parameters, filters, limits. Raw HTTP/WS. */
class BinanceSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BinanceSandbox sandbox = new BinanceSandbox();
    private final HttpClient http = HttpClient.newHttpClient();

    BinanceSandboxTest() {
        sandbox.start(0);
        sandbox.addAccount("k1", "s1");
        sandbox.setBalance("k1", "USDT", new BigDecimal("100000"));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private HttpResponse<String> send(String method, String path, String query, String apiKey, String secret) throws Exception {
        String signed = query;
        if (secret != null) {
            signed = query + "&signature=" + URLEncoder.encode(BinanceSigner.hmac(apiKey, secret).sign(query), StandardCharsets.UTF_8);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path + "?" + signed))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (apiKey != null) {
            b.header("X-MBX-APIKEY", apiKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String now() {
        return "timestamp=" + System.currentTimeMillis();
    }

    private static void assertError(HttpResponse<String> r, int status, int code, String msg) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(code, body.get("code").asInt(), r.body());
        assertEquals(msg, body.get("msg").asText());
    }

    private static final String LIMIT = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.1&price=59000&";

    @Test
    void authenticationFailuresCarryBinancesCodes() throws Exception {
        assertError(send("POST", "/api/v3/order", LIMIT + now(), null, "s1"), 401, -2014, "API-key format invalid.");
        assertError(send("POST", "/api/v3/order", LIMIT + now(), "nobody", "s1"), 401, -2015,
                "Invalid API-key, IP, or permissions for action.");
        assertError(send("POST", "/api/v3/order", LIMIT + now(), "k1", "wrong"), 400, -1022,
                "Signature for this request is not valid.");
        assertError(send("POST", "/api/v3/order", LIMIT.substring(0, LIMIT.length() - 1), "k1", "s1"), 400, -1102,
                "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
        assertError(send("POST", "/api/v3/order", LIMIT + "timestamp=" + (System.currentTimeMillis() - 6000), "k1", "s1"),
                400, -1021, "Timestamp for this request is outside of the recvWindow.");
        assertEquals(200, send("POST", "/api/v3/order", LIMIT + "recvWindow=10000&timestamp="
                + (System.currentTimeMillis() - 6000), "k1", "s1").statusCode(), "a wider recvWindow accepts it");
        assertError(send("POST", "/api/v3/order", LIMIT + "timestamp=" + (System.currentTimeMillis() + 5000), "k1", "s1"),
                400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
    }

    @Test
    void orderParametersAndFiltersAreCheckedAsBinanceDoes() throws Exception {
        assertError(send("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&timeInForce=GTC&quantity=0.1&" + now(),
                "k1", "s1"), 400, -1106, "Parameter 'timeInForce' sent when not required.");
        assertError(send("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.1&price=59000&" + now(),
                "k1", "s1"), 400, -1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");
        assertError(send("POST", "/api/v3/order", LIMIT + "colour=red&" + now(), "k1", "s1"), 400, -1104,
                "Not all sent parameters were read; read '8' parameter(s) but was sent '9'.");
        assertError(send("POST", "/api/v3/order", LIMIT.replace("0.1", "0.000001") + now(), "k1", "s1"), 400, -1013,
                "Filter failure: LOT_SIZE");
        assertError(send("POST", "/api/v3/order", LIMIT.replace("59000", "59000.001") + now(), "k1", "s1"), 400, -1013,
                "Filter failure: PRICE_FILTER");
        assertError(send("POST", "/api/v3/order", LIMIT.replace("0.1", "0.00001") + now(), "k1", "s1"), 400, -1013,
                "Filter failure: NOTIONAL");
        assertError(send("POST", "/api/v3/order", LIMIT.replace("BTCUSDT", "DOGEUSDT") + now(), "k1", "s1"), 400, -1121,
                "Invalid symbol.");
        assertError(send("POST", "/api/v3/order", LIMIT.replace("0.1", "5") + now(), "k1", "s1"), 400, -2010,
                "Account has insufficient balance for requested action.");
        assertError(send("POST", "/api/v3/order", "symbol=BTCUSDT&side=SELL&type=STOP_LOSS&quantity=0.1&stopPrice=61000&" + now(),
                "k1", "s1"), 400, -2010, "Order would trigger immediately.");
        String dup = LIMIT + "newClientOrderId=abc-1&";
        assertEquals(200, send("POST", "/api/v3/order", dup + now(), "k1", "s1").statusCode());
        assertError(send("POST", "/api/v3/order", dup + now(), "k1", "s1"), 400, -2010, "Duplicate order sent.");
        assertError(send("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=nope&" + now(), "k1", "s1"), 400,
                -2013, "Order does not exist.");
        assertError(send("DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=nope&" + now(), "k1", "s1"), 400,
                -2011, "Unknown order sent.");
    }

    @Test
    void ignoring429sEarnsAn418Ban() throws Exception {
        sandbox.limits(3, 100);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, send("GET", "/api/v3/time", "", null, null).statusCode());
        }
        HttpResponse<String> limited = send("GET", "/api/v3/time", "", null, null);
        assertEquals(429, limited.statusCode());
        assertEquals(-1003, JSON.readTree(limited.body()).get("code").asInt());
        assertTrue(limited.headers().firstValue("Retry-After").isPresent());
        HttpResponse<String> banned = send("GET", "/api/v3/time", "", null, null);
        assertEquals(418, banned.statusCode());
        assertTrue(JSON.readTree(banned.body()).get("msg").asText().startsWith("Way too much request weight used; IP banned until "));
        assertEquals("120", banned.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void orderCountLimitIsPerAccount() throws Exception {
        sandbox.limits(6000, 2);
        assertEquals(200, send("POST", "/api/v3/order", LIMIT + now(), "k1", "s1").statusCode());
        assertEquals(200, send("POST", "/api/v3/order", LIMIT + now(), "k1", "s1").statusCode());
        HttpResponse<String> r = send("POST", "/api/v3/order", LIMIT + now(), "k1", "s1");
        assertError(r, 429, -1015, "Too many new orders; current limit is 2 orders per 10 SECOND.");
    }

    @Test
    void theWebSocketApiChecksSignaturesAndKeyTypes() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        sandbox.addEd25519Account("ed", ed.getPublic());
        List<String> got = new CopyOnWriteArrayList<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(sandbox.wsApiUrl()), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                got.add(data.toString());
                w.request(1);
                return null;
            }
        }).join();
        long ts = System.currentTimeMillis();
        ws.sendText("{\"id\":\"a\",\"method\":\"userDataStream.subscribe.signature\",\"params\":{\"apiKey\":\"k1\","
                + "\"timestamp\":" + ts + ",\"signature\":\"" + BinanceSigner.hmac("k1", "wrong").sign("apiKey=k1&timestamp=" + ts)
                + "\"}}", true).join();
        RecordingFeedListener.await(() -> got.size() >= 1, "the refusal");
        assertEquals("{\"id\":\"a\",\"status\":400,\"error\":{\"code\":-1022,\"msg\":\"Signature for this request is not valid.\"}}",
                got.get(0));
        ws.sendText("{\"id\":\"b\",\"method\":\"session.logon\",\"params\":{\"apiKey\":\"k1\",\"timestamp\":" + ts
                + ",\"signature\":\"" + BinanceSigner.hmac("k1", "s1").sign("apiKey=k1&timestamp=" + ts) + "\"}}", true).join();
        RecordingFeedListener.await(() -> got.size() >= 2, "the logon answer");
        assertTrue(got.get(1).contains("\"code\":-4056"), got.get(1));
        BinanceSigner edSigner = BinanceSigner.ed25519("ed", ed.getPrivate());
        ws.sendText("{\"id\":\"c\",\"method\":\"session.logon\",\"params\":{\"apiKey\":\"ed\",\"timestamp\":" + ts
                + ",\"signature\":\"" + edSigner.sign("apiKey=ed&timestamp=" + ts) + "\"}}", true).join();
        ws.sendText("{\"id\":\"d\",\"method\":\"userDataStream.subscribe\"}", true).join();
        RecordingFeedListener.await(() -> got.size() >= 4, "logon and subscribe");
        assertTrue(got.get(2).startsWith("{\"id\":\"c\",\"status\":200"), got.get(2));
        assertEquals("{\"id\":\"d\",\"status\":200,\"result\":{\"subscriptionId\":0}}", got.get(3));
        assertEquals(1, sandbox.subscribedConnections());
        ws.abort();
    }
}
