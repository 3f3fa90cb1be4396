package io.copygate.broker.ninjatrader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAdapters;
import io.copygate.broker.OutcomeUnknownException;
import io.copygate.security.WebhookTokens;
import io.copygate.testing.Await;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway's side of the bridge where the real add-on never goes wrong: wrong tokens, events for
 * accounts the gateway does not have, unreadable events, and a dial-out peer that answers late or never.
 * The peer here is a scripted WebSocket client speaking the add-on's frames.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NinjaTraderGatewayEdgesTest {
    private static final String TOKEN = NinjaTraderEndToEnd.TOKEN;
    private TestDatabase db;
    private TestGateway gw;
    private int wsPort;

    @BeforeAll
    void start() throws Exception {
        wsPort = TestGateway.freePort();
        db = TestDatabase.postgres();
        gw = TestGateway.start(db, """
                tenants: [{id: t1}]
                accounts:
                  - {id: tv, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
                  - id: nt-dial
                    tenant: t1
                    broker: ninjatrader
                    settings: {mode: dialout, ntAccount: Sim101}
                    credentials: {token: "${env:COPYGATE_TEST_NINJATRADER_TOKEN}"}
                links:
                  - {id: l1, tenant: t1, master: tv, follower: nt-dial}
                """.formatted(WebhookTokens.sha256("edges-tv-token")), Map.of(
                "copygate.bridge.ws-port", String.valueOf(wsPort), "copygate.broker.request-timeout-ms", "500"));
    }

    @AfterAll
    void stop() {
        gw.close();
        db.close();
    }

    private static String execution(String account, String eventId) {
        return ("{\"eventId\":\"%s\",\"type\":\"execution\",\"account\":\"%s\",\"instrument\":\"ES 12-26\",\"clientOrderId\":null,"
                + "\"parentClientOrderId\":null,\"name\":\"Entry\",\"orderId\":\"o1\",\"action\":\"buy\",\"orderType\":\"market\","
                + "\"timeInForce\":\"day\",\"ocoId\":null,\"orderQuantity\":1,\"quantity\":1,\"limitPrice\":null,\"stopPrice\":null,"
                + "\"state\":\"filled\",\"filled\":1,\"averageFillPrice\":6000.25,\"executionId\":\"ex-%s\",\"price\":6000.25,"
                + "\"marketPosition\":\"long\",\"error\":null,\"time\":\"2026-11-22T14:03:07.125Z\"}").formatted(eventId, account, eventId);
    }

    private TestGateway.Reply postEvent(String body, String authorization) {
        return gw.post("/bridge/ninjatrader/events", body, authorization == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "Authorization", authorization));
    }

    @Test
    void eventsOverHttpAnswerPerTheAddOnsContract() {
        assertEquals(401, postEvent(execution("Sim101", "x-1"), null).status());
        assertEquals(401, postEvent(execution("Sim101", "x-1"), "Bearer wrong-token-0123456789").status(),
                "a wrong token: the add-on keeps the event and retries");
        TestGateway.Reply malformed = postEvent("{\"eventId\":", "Bearer " + TOKEN);
        assertEquals(400, malformed.status(), malformed.body());
        TestGateway.Reply unknown = postEvent(execution("Sim999", "x-2"), "Bearer " + TOKEN);
        assertEquals(422, unknown.status(), "an account the gateway does not have is refused for good");
        assertEquals("account", unknown.json().get("field").asText());
        assertEquals(0, db.count("SELECT count(*) FROM fills WHERE fill_id = 'ex-x-2'"), "nothing of a refused event is stored");

        TestGateway.Reply ok = postEvent(execution("Sim101", "x-3"), "bearer " + TOKEN);
        assertEquals(200, ok.status(), ok.body());
        assertEquals("x-3", ok.json().get("ack").asText());
        assertEquals(200, postEvent(execution("Sim101", "x-3"), "Bearer " + TOKEN).status(), "a repeat is acknowledged");
        assertEquals(1, db.count("SELECT count(*) FROM fills WHERE account_id = 'nt-dial' AND fill_id = 'ex-x-3'"));
        assertEquals(1, db.count("SELECT count(*) FROM signals WHERE master_account_id = 'nt-dial' AND kind = 'FILL' "
                + "AND source_event_id = 'nt-dial:x-3'"), "the trader's own fill journaled once");
    }

    @Test
    void theDialOutHandshakeNeedsAnAccountsToken() {
        CompletionException refused = assertThrows(CompletionException.class, () -> connect("wrong-token-0123456789", new Frames()));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(401, handshake.getResponse().statusCode());
        assertFalse(adapter().dialOut().isConnected("wrong-token-0123456789"));
    }

    @Test
    void overTheDialOutConnectionEventsAreAckedOrRejectedAndCommandsAnswered() throws Exception {
        Frames frames = new Frames();
        WebSocket ws = connect(TOKEN, frames);
        try {
            Await.until("the session is registered", Duration.ofSeconds(5), () -> adapter().dialOut().isConnected(TOKEN));
            ws.sendText("{\"event\":" + execution("Sim101", "x-ws-1") + "}", true).join();
            assertEquals("x-ws-1", frames.next().get("ack").asText());
            ws.sendText("{\"event\":" + execution("Sim999", "x-ws-2") + "}", true).join();
            JsonNode reject = frames.next();
            assertEquals("x-ws-2", reject.get("reject").asText());
            assertTrue(reject.get("error").asText().contains("Sim999"), reject.toString());

            // a command from the adapter, answered by the peer
            BrokerAccount account = new BrokerAccount("nt-dial", "t1", "ninjatrader", "Sim101", Map.of("mode", "dialout"),
                    Map.of("token", TOKEN));
            CompletableFuture<JsonNode> orders = CompletableFuture.supplyAsync(() -> adapter().orders(account));
            JsonNode command = frames.next();
            assertEquals("GET", command.get("method").asText());
            assertEquals("/orders?account=Sim101", command.get("path").asText());
            ws.sendText("{\"requestId\":" + command.get("requestId") + ",\"status\":200,\"body\":{\"account\":\"Sim101\",\"orders\":[]}}", true).join();
            assertEquals("Sim101", orders.get(5, TimeUnit.SECONDS).get("account").asText());

            // a placement the peer never answers: the outcome is unknown, so the retry will look it up first
            String signal = gw.post("/webhooks/tradingview/edges-tv-token",
                    "{\"ticker\":\"ESZ26\",\"action\":\"buy\",\"quantity\":1,\"id\":\"silent-1\"}", "application/json").json().get("signalId").asText();
            JsonNode place = frames.next();
            assertEquals("POST", place.get("method").asText());
            assertEquals("/orders", place.get("path").asText());
            JsonNode lookup = frames.next(); // the retry asks for the id first
            assertEquals("GET", lookup.get("method").asText());
            assertEquals("/orders/" + place.get("body").get("clientOrderId").asText(), lookup.get("path").asText());
            Map<String, Object> row = db.rows("SELECT last_error FROM copy_orders WHERE signal_id = ?", signal).get(0);
            assertTrue(String.valueOf(row.get("last_error")).contains("no answer"), row.toString());
            assertThrows(OutcomeUnknownException.class, () -> adapter().place(gw.camel().getRegistry()
                    .lookupByNameAndType("copyOrderOutbox", io.copygate.store.CopyOrderOutbox.class)
                    .find(place.get("body").get("clientOrderId").asText()), account));
        } finally {
            ws.abort();
        }
        Await.until("the session is gone with its connection", Duration.ofSeconds(5), () -> !adapter().dialOut().isConnected(TOKEN));
    }

    private NinjaTraderAdapter adapter() {
        return (NinjaTraderAdapter) gw.camel().getRegistry().lookupByNameAndType("brokerAdapters", BrokerAdapters.class)
                .of(NinjaTraderAdapter.BROKER);
    }

    private WebSocket connect(String token, Frames frames) {
        return HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + wsPort + "/bridge/ninjatrader/ws"), frames).join();
    }

    /** What the gateway sends the peer, one JSON frame at a time. */
    static final class Frames implements WebSocket.Listener {
        private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(NinjaTraderOrderMapper.JSON.readTree(partial.toString()));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        JsonNode next() throws InterruptedException {
            JsonNode frame = received.poll(10, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("the gateway sent nothing within 10 s");
            }
            return frame;
        }
    }
}
