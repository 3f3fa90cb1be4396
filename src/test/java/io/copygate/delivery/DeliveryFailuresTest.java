package io.copygate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.security.WebhookTokens;
import io.copygate.testing.LoopbackBroker;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Delivery when the broker misbehaves: retries on the schedule with the same client order id,
 * dead letters after the last one, replay placing exactly once, lookups after lost answers,
 * Retry-After honoured, rejects final. The follower's broker is a real HTTP server on loopback,
 * and its destination route is added with a YAML file only, as an integration engineer would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryFailuresTest {
    private static final String TOKEN = "delivery-test-token";
    private TestDatabase db;
    private LoopbackBroker broker;
    private TestGateway gw;
    private int n;

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.postgres();
        broker = new LoopbackBroker();
        Path extraRoutes = Files.createTempDirectory("routes");
        Files.writeString(extraRoutes.resolve("loopback.yaml"), """
                - templatedRoute:
                    routeTemplateRef: copy-order-destination
                    routeId: dest-loopback
                    parameters:
                      - name: broker
                        value: loopback
                """);
        String yaml = """
                tenants: [{id: t1}]
                accounts:
                  - {id: master, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
                  - {id: lb1, tenant: t1, broker: loopback, settings: {baseUrl: "%s"}}
                links:
                  - {id: l1, tenant: t1, master: master, follower: lb1}
                """.formatted(WebhookTokens.sha256(TOKEN), broker.baseUrl());
        gw = TestGateway.start(db, yaml, Map.of(
                "camel.main.routes-include-pattern", "file:routes/**/*.yaml,file:" + extraRoutes.toAbsolutePath() + "/*.yaml",
                // these tests fail one follower on purpose, again and again: keep its breaker out of the way
                // (resilience4j caps the minimum number of calls at the window size, so widen both)
                "copygate.delivery.breaker.window", "1000",
                "copygate.delivery.breaker.minimum-calls", "1000"));
    }

    @AfterAll
    void stop() {
        gw.close();
        broker.close();
        db.close();
    }

    @BeforeEach
    void healthyBroker() {
        broker.mode(LoopbackBroker.Mode.OK);
    }

    /** Sends one alert and returns its single copy order id. */
    private String alert() {
        TestGateway.Reply r = gw.post("/webhooks/tradingview/" + TOKEN,
                "{\"ticker\":\"AAPL\",\"action\":\"buy\",\"quantity\":1,\"price\":200,\"id\":\"d-" + (++n) + "\"}", "application/json");
        assertEquals(202, r.status(), r.body());
        String signalId = r.json().get("signalId").asText();
        return (String) db.rows("SELECT id FROM copy_orders WHERE signal_id = ?", signalId).get(0).get("id");
    }

    private Map<String, Object> order(String id) {
        return db.rows("SELECT state, attempts, last_error FROM copy_orders WHERE id = ?", id).get(0);
    }

    private void awaitState(String id, String state) {
        gw.await("order " + id + " " + state, Duration.ofSeconds(15), () -> state.equals(order(id).get("state")));
    }

    @Test
    void timeoutsEndInTheDeadLetterQueueAndReplayPlacesExactlyOnce() {
        broker.mode(LoopbackBroker.Mode.HANG);
        String id = alert();
        awaitState(id, "dead");
        // one attempt and the three retries of the test schedule (100ms, 200ms, 300ms), same client order id each time
        assertEquals(4, order(id).get("attempts"));
        assertEquals(4, broker.placements(id));
        assertTrue(!broker.orders().containsKey(id), "a hanging broker took nothing");

        JsonNode letters = gw.get("/api/dead-letters?status=open").json();
        JsonNode letter = null;
        for (JsonNode l : letters) {
            if (id.equals(l.get("copyOrderId").asText())) {
                letter = l;
            }
        }
        assertTrue(letter != null, letters.toString());
        assertTrue(letter.get("error").asText().contains("no answer in time"), letter.toString());

        broker.mode(LoopbackBroker.Mode.OK); // the broker recovers
        TestGateway.Reply replay = gw.post("/api/dead-letters/" + letter.get("id").asLong() + "/replay", "", "application/json");
        assertEquals(200, replay.status(), replay.body());
        awaitState(id, "acked");
        assertTrue(broker.orders().containsKey(id), "placed under the same client order id");
        assertEquals(5, broker.placements(id), "four timed-out attempts and exactly one placement by the replay");
        assertTrue(broker.received().stream().anyMatch(r -> r.method().equals("GET") && id.equals(r.clientOrderId())),
                "the replay asked the broker for the id before sending");

        TestGateway.Reply again = gw.post("/api/dead-letters/" + letter.get("id").asLong() + "/replay", "", "application/json");
        assertEquals(409, again.status(), again.body());
        assertEquals(5, broker.placements(id), "a second replay sends nothing");
    }

    @Test
    void anAnswerLostAfterTheBrokerTookTheOrderIsResolvedByLookupNotBySendingAgain() {
        broker.mode(LoopbackBroker.Mode.ACCEPT_THEN_HANG);
        String id = alert();
        awaitState(id, "acked");
        assertEquals(1, broker.placements(id), "the retry looked the order up instead of placing it again");
        assertTrue(broker.received().stream().anyMatch(r -> r.method().equals("GET") && id.equals(r.clientOrderId())));
    }

    @Test
    void rateLimitWaitsForRetryAfterThenPlacesOnce() {
        broker.mode(LoopbackBroker.Mode.RATE_LIMIT_ONCE);
        String id = alert();
        awaitState(id, "acked");
        List<LoopbackBroker.Received> posts = broker.received().stream()
                .filter(r -> r.method().equals("POST") && id.equals(r.clientOrderId())).toList();
        assertEquals(2, posts.size());
        long waitedMs = (posts.get(1).atNanos() - posts.get(0).atNanos()) / 1_000_000;
        assertTrue(waitedMs >= 1000, "Retry-After: 1 must be honoured, waited " + waitedMs + " ms");
        assertEquals(1, broker.orders().values().stream().filter(o -> id.equals(o.path("clientOrderId").asText())).count());
    }

    @Test
    void aBrokerRejectIsFinalWithTheBrokersReasonVerbatim() {
        broker.mode(LoopbackBroker.Mode.REJECT);
        String id = alert();
        awaitState(id, "rejected");
        assertEquals("insufficient buying power", order(id).get("last_error"));
        assertEquals(1, broker.placements(id), "a reject is not retried");
    }

    @Test
    void discardedDeadLetterIsNeverSent() {
        broker.mode(LoopbackBroker.Mode.ERROR_500);
        String id = alert();
        awaitState(id, "dead");
        long letter = (Long) db.rows("SELECT id FROM dead_letters WHERE copy_order_id = ?", id).get(0).get("id");
        assertEquals(200, gw.post("/api/dead-letters/" + letter + "/discard", "", "application/json").status());
        assertEquals("discarded", order(id).get("state"));
        assertEquals(409, gw.post("/api/dead-letters/" + letter + "/replay", "", "application/json").status());
        assertEquals(404, gw.post("/api/dead-letters/999999/replay", "", "application/json").status());
    }
}
