package io.copygate.broker.ninjatrader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.OutcomeUnknownException;
import io.copygate.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Commands over an add-on's dial-out connection: answers matched by request id, and what a silent or lost add-on means. */
class DialOutSessionsTest {
    private static final String TOKEN = "dial-out-token-0123456";
    private static final NinjaTraderConfig SIM101 = NinjaTraderConfig.of(new BrokerAccount("nt1", "t1", "ninjatrader", "Sim101",
            Map.of("mode", "dialout"), Map.of("token", TOKEN)));

    /** The add-on's end of the connection: what the gateway sent, and whether it was closed. */
    static final class Peer implements DialOutSession.Link {
        final List<JsonNode> sent = new CopyOnWriteArrayList<>();
        volatile String closed;

        @Override
        public void send(String text) {
            try {
                sent.add(NinjaTraderOrderMapper.JSON.readTree(text));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void close(String reason) {
            closed = reason;
        }

        JsonNode answer(String requestId, int status, String body) throws Exception {
            return NinjaTraderOrderMapper.JSON.readTree("{\"requestId\":\"" + requestId + "\",\"status\":" + status + ",\"body\":" + body + "}");
        }
    }

    private static BridgeCall get(String path) {
        return new BridgeCall("GET", path, null, false);
    }

    private static BridgeCall post(String path) {
        return new BridgeCall("POST", path, NinjaTraderOrderMapper.JSON.createObjectNode().put("clientOrderId", "c1"), true);
    }

    @Test
    void answersAreMatchedByRequestIdWhateverTheirOrder() throws Exception {
        DialOutSessions sessions = new DialOutSessions();
        Peer peer = new Peer();
        DialOutSession session = sessions.open(TOKEN, peer, "test");
        CompletableFuture<BridgeReply> first = CompletableFuture.supplyAsync(() -> sessions.send(SIM101, post("/orders")));
        CompletableFuture<BridgeReply> second = CompletableFuture.supplyAsync(() -> sessions.send(SIM101, get("/orders/c1")));
        Await.until("both commands sent", Duration.ofSeconds(5), () -> peer.sent.size() == 2);
        JsonNode placed = peer.sent.stream().filter(f -> f.get("method").asText().equals("POST")).findFirst().orElseThrow();
        JsonNode looked = peer.sent.stream().filter(f -> f.get("method").asText().equals("GET")).findFirst().orElseThrow();
        assertEquals("/orders", placed.get("path").asText());
        assertEquals("c1", placed.get("body").get("clientOrderId").asText());
        assertFalse(looked.has("body"), "a GET carries no body");

        session.answered(peer.answer(looked.get("requestId").asText(), 404, "{\"error\":\"no order\"}"));
        session.answered(peer.answer("g-999", 200, "{}")); // unknown id: dropped
        session.answered(peer.answer(placed.get("requestId").asText(), 200, "{\"state\":\"working\"}"));
        assertEquals(404, second.get().status());
        assertEquals(200, first.get().status());
        assertEquals("working", first.get().body().get("state").asText());
    }

    @Test
    void noAnswerInTimeIsAnUnknownOutcomeForAPlacementAndUnavailableForALookup() {
        DialOutSessions sessions = new DialOutSessions();
        sessions.answerTimeout(Duration.ofMillis(200));
        sessions.open(TOKEN, new Peer(), "test");
        OutcomeUnknownException placed = assertThrows(OutcomeUnknownException.class, () -> sessions.send(SIM101, post("/orders")));
        assertTrue(placed.getMessage().contains("POST /orders"), placed.getMessage());
        BrokerUnavailableException looked = assertThrows(BrokerUnavailableException.class, () -> sessions.send(SIM101, get("/orders/c1")));
        assertFalse(looked instanceof OutcomeUnknownException);
    }

    @Test
    void aConnectionLostWhileWaitingFailsTheCommandAsUnknown() {
        DialOutSessions sessions = new DialOutSessions();
        sessions.answerTimeout(Duration.ofMinutes(5));
        Peer peer = new Peer();
        DialOutSession session = sessions.open(TOKEN, peer, "test");
        CompletableFuture<BridgeReply> waiting = CompletableFuture.supplyAsync(() -> sessions.send(SIM101, post("/orders")));
        Await.until("command sent", Duration.ofSeconds(5), () -> peer.sent.size() == 1);
        sessions.closed(session, "network");
        Exception e = assertThrows(Exception.class, waiting::get);
        assertTrue(e.getCause() instanceof OutcomeUnknownException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("connection lost"), e.getCause().getMessage());
        assertFalse(sessions.isConnected(TOKEN));
    }

    @Test
    void withoutAConnectionNothingIsSentAndTheRequestWaitsForARetry() {
        DialOutSessions sessions = new DialOutSessions();
        BrokerUnavailableException e = assertThrows(BrokerUnavailableException.class, () -> sessions.send(SIM101, post("/orders")));
        assertFalse(e instanceof OutcomeUnknownException, "nothing was sent, so nothing can have been placed");
        assertTrue(e.getMessage().contains("not connected"));
    }

    @Test
    void aNewerConnectionWithTheSameTokenReplacesTheOlder() {
        DialOutSessions sessions = new DialOutSessions();
        Peer old = new Peer();
        Peer fresh = new Peer();
        DialOutSession first = sessions.open(TOKEN, old, "old");
        sessions.open(TOKEN, fresh, "new");
        assertEquals("replaced by a newer connection", old.closed);
        sessions.closed(first, "closed late"); // the old socket's close arrives after the replacement
        assertTrue(sessions.isConnected(TOKEN), "the newer connection stays");
        CompletableFuture.runAsync(() -> sessions.send(SIM101, get("/health")));
        Await.until("the command goes to the newer connection", Duration.ofSeconds(5), () -> fresh.sent.size() == 1);
        assertTrue(old.sent.isEmpty());
    }
}
