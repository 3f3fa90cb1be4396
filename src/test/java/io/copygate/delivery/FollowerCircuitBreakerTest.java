package io.copygate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.security.WebhookTokens;
import io.copygate.testing.LoopbackBroker;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A follower whose broker keeps failing has its breaker opened: its later orders fail fast without
 * reaching that broker, the other follower of the same master is unaffected, and the dead letters
 * replay once the broker is back.
 */
class FollowerCircuitBreakerTest {
    private static final String TOKEN = "breaker-test-token";

    @Test
    void aFailingFollowerFailsFastWhileTheOthersCarryOn() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); LoopbackBroker broker = new LoopbackBroker()) {
            Path routes = Files.createTempDirectory("routes");
            Files.writeString(routes.resolve("loopback.yaml"), """
                    - templatedRoute:
                        routeTemplateRef: copy-order-destination
                        routeId: dest-loopback
                        parameters:
                          - {name: broker, value: loopback}
                    """);
            String yaml = """
                    tenants: [{id: t1}]
                    accounts:
                      - {id: master, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
                      - {id: sick, tenant: t1, broker: loopback, settings: {baseUrl: "%s"}}
                      - {id: healthy, tenant: t1, broker: paper}
                    links:
                      - {id: l-sick, tenant: t1, master: master, follower: sick}
                      - {id: l-healthy, tenant: t1, master: master, follower: healthy}
                    """.formatted(WebhookTokens.sha256(TOKEN), broker.baseUrl());
            broker.mode(LoopbackBroker.Mode.ERROR_500);
            try (TestGateway gw = TestGateway.start(db, yaml, Map.of(
                    "camel.main.routes-include-pattern", "file:routes/**/*.yaml,file:" + routes.toAbsolutePath() + "/*.yaml",
                    "copygate.delivery.breaker.window", "4",
                    "copygate.delivery.breaker.minimum-calls", "4",
                    "copygate.delivery.breaker.wait-open-ms", "60000"))) {
                for (int i = 1; i <= 3; i++) {
                    String body = "{\"ticker\":\"AAPL\",\"action\":\"buy\",\"quantity\":1,\"price\":200,\"id\":\"b-" + i + "\"}";
                    assertEquals(202, gw.post("/webhooks/tradingview/" + TOKEN, body, "application/json").status());
                }
                gw.await("every sick order dead, every healthy one acked", Duration.ofSeconds(20), () ->
                        db.count("SELECT count(*) FROM copy_orders WHERE follower_account_id = 'sick' AND state = 'dead'") == 3
                                && db.count("SELECT count(*) FROM copy_orders WHERE follower_account_id = 'healthy' AND state = 'acked'") == 3);

                List<Map<String, Object>> sick = db.rows("SELECT id FROM copy_orders WHERE follower_account_id = 'sick'");
                long reached = sick.stream().mapToLong(o -> broker.placements((String) o.get("id"))).sum();
                assertTrue(reached < 12, "with the breaker open, not all 3 × 4 attempts reached the failing broker: " + reached);
                assertTrue(db.count("SELECT count(*) FROM dead_letters WHERE error LIKE 'circuit breaker open for follower sick%'") >= 1);
                assertEquals(0, db.count("SELECT count(*) FROM copy_orders WHERE follower_account_id = 'healthy' AND attempts > 1"),
                        "the healthy follower never needed a retry");

                // the broker is back; the breaker would stay open for a minute, but an operator's replay resets it
                broker.mode(LoopbackBroker.Mode.OK);
                for (Map<String, Object> letter : db.rows("SELECT id FROM dead_letters WHERE status = 'open'")) {
                    assertEquals(200, gw.post("/api/dead-letters/" + letter.get("id") + "/replay", "", "application/json").status());
                }
                gw.await("replayed", Duration.ofSeconds(10), () ->
                        db.count("SELECT count(*) FROM copy_orders WHERE follower_account_id = 'sick' AND state = 'acked'") == 3);
                for (Map<String, Object> o : db.rows("SELECT id FROM copy_orders WHERE follower_account_id = 'sick'")) {
                    assertTrue(broker.orders().containsKey((String) o.get("id")), "placed once under its own id");
                }
            }
        }
    }
}
