package io.copygate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.security.WebhookTokens;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A follower on a broker with no destination route: its order becomes a dead letter, others are copied. */
class MissingDestinationTest {

    @Test
    void anOrderWithNowhereToGoIsADeadLetterNotALostOrder() {
        String yaml = """
                tenants: [{id: t1}]
                accounts:
                  - {id: master, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
                  - {id: orphan, tenant: t1, broker: nosuchbroker}
                  - {id: paper1, tenant: t1, broker: paper}
                links:
                  - {id: l1, tenant: t1, master: master, follower: orphan}
                  - {id: l2, tenant: t1, master: master, follower: paper1}
                """.formatted(WebhookTokens.sha256("t"));
        try (TestDatabase db = TestDatabase.postgres(); TestGateway gw = TestGateway.start(db, yaml, Map.of())) {
            assertEquals(202, gw.post("/webhooks/tradingview/t", "{\"ticker\":\"AAPL\",\"action\":\"buy\",\"price\":200}",
                    "application/json").status());
            gw.await("orphan dead, paper acked", Duration.ofSeconds(10), () ->
                    db.count("SELECT count(*) FROM copy_orders WHERE follower_account_id = 'orphan' AND state = 'dead'") == 1
                            && db.count("SELECT count(*) FROM copy_orders WHERE follower_account_id = 'paper1' AND state = 'acked'") == 1);
            String error = (String) db.rows("SELECT error FROM dead_letters").get(0).get("error");
            assertTrue(error.contains("dest-nosuchbroker"), error);
        }
    }
}
