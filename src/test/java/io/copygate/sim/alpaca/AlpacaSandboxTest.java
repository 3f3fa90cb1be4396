package io.copygate.sim.alpaca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.sim.Sandboxes;
import io.copygate.sim.alpaca.AlpacaSandbox.SandboxAccount;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox as a strict Alpaca peer, spoken to with raw HTTP and WebSocket: what it refuses and
 * how, as Alpaca's documentation says. (The adapter tests cover the happy paths through copygate.)
 */
class AlpacaSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static AlpacaSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = (AlpacaSandbox) Sandboxes.create("alpaca");
        sandbox.start(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static SandboxAccount account() {
        return sandbox.createAccount("raw" + NAMES.incrementAndGet(), new BigDecimal("100000"));
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String message() {
            return body.path("message").asText();
        }

        int code() {
            return body.path("code").asInt();
        }
    }

    private static Answer call(SandboxAccount a, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (a != null) {
            b.header("APCA-API-KEY-ID", a.keyId()).header("APCA-API-SECRET-KEY", a.secretKey());
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()), r);
    }

    private static Answer order(SandboxAccount a, String json) throws Exception {
        return call(a, "POST", "/v2/orders", json);
    }

    private static String limitBuy(String symbol, String qty, String price, String extra) {
        return "{\"symbol\":\"" + symbol + "\",\"qty\":\"" + qty + "\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\""
                + price + "\",\"time_in_force\":\"gtc\"" + extra + "}";
    }

    @Test
    void missingKeysAreForbiddenAndWrongKeysUnauthorized() throws Exception {
        SandboxAccount a = account();
        SandboxAccount impostor = new SandboxAccount("x", "x", "x", a.keyId(), "wrong");

        Answer missing = call(null, "GET", "/v2/account", null);
        Answer wrong = call(impostor, "GET", "/v2/account", null);
        Answer right = call(a, "GET", "/v2/account", null);

        assertEquals(403, missing.status());
        assertEquals("{\"message\":\"forbidden.\"}", missing.raw().body());
        assertEquals(401, wrong.status());
        assertEquals(40110000, wrong.code());
        assertEquals("request is not authorized", wrong.message());
        assertEquals(200, right.status());
        assertEquals("ACTIVE", right.body().path("status").asText());
    }

    @Test
    void aDuplicateClientOrderIdIsRefusedAsAlpacaRefusesIt() throws Exception {
        SandboxAccount a = account();
        String body = limitBuy("AAPL", "1", "100", ",\"client_order_id\":\"dup-1\"");

        Answer first = order(a, body);
        Answer second = order(a, body);

        assertEquals(200, first.status());
        assertEquals(422, second.status());
        assertEquals(40010001, second.code());
        assertEquals("client_order_id must be unique", second.message());
        assertEquals(1, sandbox.orders(a.name()).size());
    }

    @Test
    void ordersAlpacaDocumentsAsInvalidAreRefused() throws Exception {
        SandboxAccount a = account();
        sandbox.setFractionable("BRK.A", false);
        record Case(String body, int status, String message) {
        }
        List<Case> cases = List.of(
                new Case("{\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}", 422, "symbol is required"),
                new Case("{\"symbol\":\"AAPL\",\"qty\":\"1\",\"notional\":\"10\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}",
                        400, "qty and notional are mutually exclusive"),
                new Case(limitBuy("AAPL", "1", "290.123", ""), 422,
                        "invalid limit_price 290.123. sub-penny increment does not fulfill minimum pricing criteria"),
                new Case(limitBuy("AAPL", "0.5", "100", ""), 422, "fractional orders must be DAY orders"),
                new Case("{\"symbol\":\"AAPL\",\"notional\":\"50\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"100\",\"time_in_force\":\"day\"}",
                        422, "notional orders must be market orders"),
                new Case("{\"symbol\":\"BRK.A\",\"qty\":\"0.1\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}",
                        422, "requested asset is not fractionable"),
                new Case(limitBuy("AAPL", "1", "100", ",\"order_class\":\"bracket\",\"take_profit\":{\"limit_price\":\"110\"}"),
                        422, "bracket orders must have both take_profit and stop_loss"),
                new Case("{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"100\",\"time_in_force\":\"ioc\","
                        + "\"order_class\":\"bracket\",\"take_profit\":{\"limit_price\":\"110\"},\"stop_loss\":{\"stop_price\":\"90\"}}",
                        422, "time_in_force must be day or gtc for bracket orders"),
                new Case(limitBuy("AAPL", "1", "100", ",\"order_class\":\"bracket\",\"take_profit\":{\"limit_price\":\"100\"},\"stop_loss\":{\"stop_price\":\"90\"}}"),
                        422, "take_profit.limit_price must be >= base_price + 0.01"),
                new Case("{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"sell\",\"type\":\"market\",\"time_in_force\":\"gtc\",\"order_class\":\"oco\","
                        + "\"take_profit\":{\"limit_price\":\"110\"},\"stop_loss\":{\"stop_price\":\"90\"}}", 422, "oco orders must be limit orders"),
                new Case("{\"symbol\":\"BTC/USD\",\"qty\":\"0.1\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}",
                        422, "invalid crypto time_in_force"),
                new Case("{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"sideways\",\"type\":\"market\",\"time_in_force\":\"day\"}",
                        422, "invalid side \"sideways\""),
                new Case("not json", 400, "request body format is invalid"),
                new Case(limitBuy("AAPL", "2000", "190", ""), 403, "insufficient buying power"),
                new Case("{\"symbol\":\"TSLA\",\"qty\":\"0.5\",\"side\":\"sell\",\"type\":\"market\",\"time_in_force\":\"day\"}",
                        403, "insufficient qty available for order (requested: 0.5, available: 0)"));
        for (Case c : cases) {
            Answer answer = order(a, c.body());
            assertEquals(c.status(), answer.status(), c.body());
            assertEquals(c.message(), answer.message(), c.body());
        }
        assertTrue(sandbox.orders(a.name()).isEmpty(), "a refused order leaves nothing behind");
    }

    @Test
    void theRequestBudgetIsAnnouncedAndEnforcedPerAccount() throws Exception {
        SandboxAccount a = account();
        SandboxAccount other = account();
        sandbox.setRateLimit(a.name(), 2);

        Answer first = call(a, "GET", "/v2/account", null);
        call(a, "GET", "/v2/account", null);
        Answer third = call(a, "GET", "/v2/account", null);
        Answer otherAccount = call(other, "GET", "/v2/account", null);

        assertEquals("2", first.raw().headers().firstValue("X-Ratelimit-Limit").orElseThrow());
        assertEquals("1", first.raw().headers().firstValue("X-Ratelimit-Remaining").orElseThrow());
        assertEquals(429, third.status());
        assertEquals("rate limit exceeded", third.message());
        long reset = Long.parseLong(third.raw().headers().firstValue("X-Ratelimit-Reset").orElseThrow());
        assertTrue(reset > Instant.now().getEpochSecond() && reset <= Instant.now().getEpochSecond() + 61);
        assertEquals(200, otherAccount.status(), "budgets are per account");
        assertEquals("200", otherAccount.raw().headers().firstValue("X-Ratelimit-Limit").orElseThrow(), "Alpaca's default");
    }

    @Test
    void replaceAndCancelAnswerAsAlpacaDoes() throws Exception {
        SandboxAccount a = account();
        sandbox.setPrice("PFE", new BigDecimal("30"));
        JsonNode working = order(a, limitBuy("PFE", "10", "25", "")).body();
        JsonNode filled = order(a, "{\"symbol\":\"PFE\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}").body();
        String id = working.path("id").asText();

        Answer unchanged = call(a, "PATCH", "/v2/orders/" + id, "{\"limit_price\":\"25\"}");
        Answer replaced = call(a, "PATCH", "/v2/orders/" + id, "{\"limit_price\":\"26\",\"qty\":\"12\"}");
        Answer again = call(a, "PATCH", "/v2/orders/" + id, "{\"limit_price\":\"27\"}");
        Answer canceled = call(a, "DELETE", "/v2/orders/" + replaced.body().path("id").asText(), null);
        Answer cancelFilled = call(a, "DELETE", "/v2/orders/" + filled.path("id").asText(), null);
        Answer unknown = call(a, "DELETE", "/v2/orders/" + java.util.UUID.randomUUID(), null);
        Answer malformed = call(a, "GET", "/v2/orders/not-an-id", null);

        assertEquals(403, unchanged.status());
        assertEquals("order parameters are not changed", unchanged.message());
        assertEquals(200, replaced.status());
        assertEquals(id, replaced.body().path("replaces").asText());
        assertEquals("12", replaced.body().path("qty").asText());
        assertEquals(422, again.status(), "a replaced order is final");
        assertEquals(204, canceled.status());
        assertEquals(422, cancelFilled.status());
        assertEquals("order is already in \"filled\" state", cancelFilled.message());
        assertEquals(404, unknown.status());
        assertEquals(422, malformed.status());
        JsonNode old = call(a, "GET", "/v2/orders/" + id, null).body();
        assertEquals("replaced", old.path("status").asText());
        assertEquals(replaced.body().path("id").asText(), old.path("replaced_by").asText());
    }

    @Test
    void orderListsFilterAndPageAsDocumented() throws Exception {
        SandboxAccount a = account();
        sandbox.setPrice("WMT", new BigDecimal("60"));
        JsonNode first = order(a, limitBuy("WMT", "1", "50", "")).body();
        order(a, "{\"symbol\":\"WMT\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}");
        JsonNode bracket = order(a, limitBuy("WMT", "2", "55", ",\"order_class\":\"bracket\",\"take_profit\":{\"limit_price\":\"70\"},"
                + "\"stop_loss\":{\"stop_price\":\"50\"}")).body();

        JsonNode open = call(a, "GET", "/v2/orders", null).body();
        JsonNode all = call(a, "GET", "/v2/orders?status=all&direction=asc", null).body();
        JsonNode nested = call(a, "GET", "/v2/orders?status=all&direction=asc&nested=true", null).body();
        JsonNode closed = call(a, "GET", "/v2/orders?status=closed", null).body();
        JsonNode page = call(a, "GET", "/v2/orders?status=all&direction=asc&nested=true&limit=1&after_order_id="
                + first.path("id").asText(), null).body();
        String after = URLEncoder.encode(Instant.parse(first.path("submitted_at").asText()).toString(), StandardCharsets.UTF_8);
        JsonNode since = call(a, "GET", "/v2/orders?status=all&nested=true&after=" + after, null).body();

        assertEquals(4, open.size(), "the working limit, the bracket parent and its two held legs");
        assertEquals(first.path("id").asText(), open.get(3).path("id").asText(), "newest first by default");
        assertEquals(bracket.path("id").asText(), open.get(2).path("id").asText());
        assertEquals(5, all.size());
        assertEquals(first.path("id").asText(), all.get(0).path("id").asText());
        assertEquals(3, nested.size(), "legs roll up under their parent");
        assertEquals(2, nested.get(2).path("legs").size());
        assertEquals(1, closed.size());
        assertEquals(1, page.size());
        assertEquals("market", page.get(0).path("type").asText());
        assertEquals(2, since.size(), "after is exclusive");
    }

    @Test
    void theStreamAuthenticatesInBothDocumentedFormsAndSendsBinaryFrames() throws Exception {
        SandboxAccount a = account();
        RawStream newForm = RawStream.open();
        RawStream oldForm = RawStream.open();

        newForm.send("{\"action\":\"listen\",\"data\":{\"streams\":[\"trade_updates\"]}}");
        JsonNode beforeAuth = newForm.next();
        newForm.send("{\"action\":\"auth\",\"key\":\"" + a.keyId() + "\",\"secret\":\"" + a.secretKey() + "\"}");
        JsonNode authorized = newForm.next();
        newForm.send("{\"action\":\"listen\",\"data\":{\"streams\":[\"trade_updates\"]}}");
        JsonNode listening = newForm.next();
        oldForm.send("{\"action\":\"authenticate\",\"data\":{\"key_id\":\"" + a.keyId() + "\",\"secret_key\":\"wrong\"}}");
        JsonNode refused = oldForm.next();
        sandbox.placeAsHuman(a.name(), limitBuy("GE", "1", "100", ""));
        JsonNode event = newForm.next();

        assertEquals("{\"stream\":\"authorization\",\"data\":{\"status\":\"unauthorized\",\"action\":\"listen\"}}", beforeAuth.toString());
        assertEquals("{\"stream\":\"authorization\",\"data\":{\"status\":\"authorized\",\"action\":\"authenticate\"}}", authorized.toString());
        assertEquals("{\"stream\":\"listening\",\"data\":{\"streams\":[\"trade_updates\"]}}", listening.toString());
        assertEquals("unauthorized", refused.path("data").path("status").asText());
        assertEquals("trade_updates", event.path("stream").asText());
        assertEquals("new", event.path("data").path("event").asText());
        assertEquals("GE", event.path("data").path("order").path("symbol").asText());
        assertTrue(newForm.binaryFrames > 0 && newForm.textFrames == 0, "paper sends binary frames");
        newForm.close();
        oldForm.close();
    }

    @Test
    void theControlEndpointsDriveASandboxInAnotherProcess() throws Exception {
        Answer created = call(null, "POST", "/sandbox/accounts", "{\"prefix\":\"http\",\"count\":3,\"cash\":\"5000\"}");
        JsonNode first = created.body().get(0);
        SandboxAccount a = new SandboxAccount(first.path("name").asText(), first.path("id").asText(), "",
                first.path("key_id").asText(), first.path("secret_key").asText());
        call(null, "POST", "/sandbox/prices", "{\"symbol\":\"F\",\"price\":\"12.5\"}");
        Answer human = call(null, "POST", "/sandbox/accounts/" + a.name() + "/orders",
                "{\"symbol\":\"F\",\"qty\":\"4\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}");
        call(null, "POST", "/sandbox/accounts/" + a.name() + "/faults", "{\"fail_status\":500,\"fail_count\":1}");
        Answer failed = call(a, "GET", "/v2/account", null);
        Answer recovered = call(a, "GET", "/v2/account", null);

        assertEquals(3, created.body().size());
        assertEquals(200, human.status());
        assertEquals("filled", sandbox.orders(a.name()).get(0).path("status").asText());
        assertEquals(500, failed.status());
        assertEquals(200, recovered.status());
        assertEquals("4950", recovered.body().path("cash").asText());
        assertFalse(call(null, "GET", "/sandbox/requests", null).body().isEmpty());
    }

    /** A bare WebSocket client that remembers whether frames came as text or binary. */
    static final class RawStream implements WebSocket.Listener {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;
        int binaryFrames;
        int textFrames;

        static RawStream open() {
            RawStream s = new RawStream();
            s.ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(sandbox.streamUrl()), s).join();
            return s;
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }

        JsonNode next() throws Exception {
            String m = messages.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no stream message within 10 s");
            }
            return JSON.readTree(m);
        }

        void close() {
            ws.abort();
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            textFrames++;
            return collect(w, data.toString(), last);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            binaryFrames++;
            return collect(w, StandardCharsets.UTF_8.decode(data).toString(), last);
        }

        private CompletionStage<?> collect(WebSocket w, String data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }
    }
}
