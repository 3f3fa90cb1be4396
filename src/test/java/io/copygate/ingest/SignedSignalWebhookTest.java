package io.copygate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.copygate.security.SignalSignature;
import io.copygate.security.WebhookTokens;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** POST /webhooks/signal: canonical JSON, Stripe-style HMAC signature, replay window. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedSignalWebhookTest {
    private static final String SECRET = "whsec-test-0123456789";
    private TestDatabase db;
    private TestGateway gw;

    @BeforeAll
    void start() {
        db = TestDatabase.postgres();
        // the secret reaches the gateway only through the environment reference in gateway.yaml
        String yaml = """
                tenants: [{id: t1}]
                accounts:
                  - id: master
                    tenant: t1
                    broker: webhook
                    webhookTokens: [{sha256: %s}]
                    signalKeys: [{id: algo-1, secret: "${env:PATH}"}]
                  - {id: f1, tenant: t1, broker: paper}
                links:
                  - {id: l1, tenant: t1, master: master, follower: f1, rules: {fixedQuantity: 3}}
                """.formatted(WebhookTokens.sha256("unused"));
        gw = TestGateway.start(db, yaml, Map.of());
    }

    @AfterAll
    void stop() {
        gw.close();
        db.close();
    }

    private TestGateway.Reply send(String body, long timestamp, String secret) {
        String sig = HexFormat.of().formatHex(SignalSignature.sign(secret.getBytes(StandardCharsets.UTF_8), timestamp, body));
        return gw.post("/webhooks/signal", body, Map.of("Content-Type", "application/json", "X-Copygate-Key", "algo-1",
                "X-Copygate-Signature", "t=" + timestamp + ",v1=" + sig));
    }

    private static String secret() {
        return System.getenv("PATH"); // what ${env:PATH} resolved to
    }

    @Test
    void aSignedSignalIsCopiedAndABadOrStaleSignatureIsRefusedWritingNothing() {
        String body = "{\"id\":\"algo-evt-1\",\"kind\":\"ORDER_NEW\",\"instrument\":\"ESZ26\",\"side\":\"SELL\","
                + "\"quantity\":\"1\",\"orderType\":\"LIMIT\",\"limitPrice\":\"6100.25\",\"timeInForce\":\"GTC\"}";
        long now = Instant.now().getEpochSecond();

        TestGateway.Reply wrong = send(body, now, "not-the-secret");
        assertEquals(401, wrong.status(), wrong.body());
        TestGateway.Reply stale = send(body, now - 301, secret());
        assertEquals(401, stale.status(), stale.body());
        TestGateway.Reply missing = gw.post("/webhooks/signal", body, "application/json");
        assertEquals(401, missing.status(), missing.body());
        assertEquals(0, db.count("SELECT count(*) FROM signals"));

        TestGateway.Reply ok = send(body, now, secret());
        assertEquals(202, ok.status(), ok.body());
        assertEquals(null, ok.header("X-Copygate-Signature"), "request headers must not be echoed in the answer");
        assertEquals(null, ok.header("X-Copygate-Key"));
        String id = ok.json().get("signalId").asText();
        gw.await("delivered", Duration.ofSeconds(10), () ->
                db.count("SELECT count(*) FROM copy_orders WHERE signal_id = ? AND state = 'acked'", id) == 1);
        Map<String, Object> o = db.rows("SELECT side, quantity, order_type, limit_price, time_in_force FROM copy_orders WHERE signal_id = ?", id).get(0);
        assertEquals(Map.of("side", "SELL", "quantity", new java.math.BigDecimal("3"), "order_type", "LIMIT",
                "limit_price", new java.math.BigDecimal("6100.25"), "time_in_force", "GTC"), o);

        TestGateway.Reply replayed = send(body, now, secret());
        assertEquals(200, replayed.status(), "the same event id is a duplicate");

        TestGateway.Reply invalid = send("{\"id\":\"algo-evt-2\",\"kind\":\"ORDER_NEW\",\"instrument\":\"ESZ26\",\"side\":\"SELL\",\"quantity\":\"0\",\"orderType\":\"MARKET\"}", now, secret());
        assertEquals(422, invalid.status());
        assertEquals("quantity", invalid.json().get("field").asText());
    }
}
