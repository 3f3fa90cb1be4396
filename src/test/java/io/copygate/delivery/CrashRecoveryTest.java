package io.copygate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.security.WebhookTokens;
import io.copygate.testing.Await;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A gateway JVM is killed with SIGKILL after journaling and before dispatch has finished; a new JVM on
 * the same database delivers every journaled copy order exactly once. The paper broker's unique client
 * order id (as at a real broker) would refuse any second placement, so count equality proves it.
 */
class CrashRecoveryTest {
    private static final String TOKEN = "crash-test-token";
    private static final int FOLLOWERS = 10;
    private static final int SIGNALS = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyJournaledOrderReachesThePaperBrokerExactlyOnceAfterKillMinusNine() throws Exception {
        StringBuilder yaml = new StringBuilder("tenants: [{id: t1}]\naccounts:\n")
                .append("  - {id: master, tenant: t1, broker: webhook, webhookTokens: [{sha256: ")
                .append(WebhookTokens.sha256(TOKEN)).append("}]}\n");
        StringBuilder links = new StringBuilder("links:\n");
        for (int i = 1; i <= FOLLOWERS; i++) {
            yaml.append("  - {id: f").append(i).append(", tenant: t1, broker: paper}\n");
            links.append("  - {id: l").append(i).append(", tenant: t1, master: master, follower: f").append(i).append("}\n");
        }
        try (TestDatabase db = TestDatabase.postgres()) {
            Path config = TestGateway.writeConfig(yaml.append(links).toString());
            int port = TestGateway.freePort();

            // slow broker, two delivery threads: 100 orders need ~10 s, so the kill lands mid-dispatch
            Process first = startGateway(db, config, port, Map.of("copygate.paper.latency-ms", "200", "copygate.delivery.threads", "2"), "first");
            try {
                awaitUp(port);
                for (int i = 0; i < SIGNALS; i++) {
                    HttpResponse<String> r = post(port, "{\"ticker\":\"AAPL\",\"action\":\"buy\",\"quantity\":1,\"price\":200,\"id\":\"crash-" + i + "\"}");
                    assertEquals(202, r.statusCode(), r.body());
                }
            } finally {
                first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no graceful stop
            }
            long journaled = db.count("SELECT count(*) FROM copy_orders");
            long unfinished = db.count("SELECT count(*) FROM copy_orders WHERE state IN ('planned', 'sent')");
            assertEquals((long) FOLLOWERS * SIGNALS, journaled, "every accepted signal was journaled with its orders");
            assertTrue(unfinished > 0, "the kill must land while orders are still undelivered");

            Process second = startGateway(db, config, port, Map.of(), "second");
            try {
                Await.until("recovery delivers every order", Duration.ofSeconds(60), () ->
                        db.count("SELECT count(*) FROM copy_orders WHERE state = 'acked'") == journaled);
            } finally {
                second.destroy();
                second.waitFor();
            }
            assertEquals(journaled, db.count("SELECT count(*) FROM paper_orders"), "one paper order per copy order");
            assertEquals(journaled, db.count("SELECT count(DISTINCT client_order_id) FROM paper_orders"));
            assertEquals(0, db.count("SELECT count(*) FROM copy_orders o WHERE NOT EXISTS "
                    + "(SELECT 1 FROM paper_orders p WHERE p.client_order_id = o.id)"));
            assertTrue(Files.readString(config.resolve("second.log")).contains("recovery: resuming " + unfinished + " unfinished copy orders"));
        }
    }

    private static Process startGateway(TestDatabase db, Path config, int port, Map<String, String> extra, String name)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Map<String, String> props = new java.util.HashMap<>(db.gatewayProperties());
        props.putAll(TestGateway.baseProperties(config, port));
        props.putAll(extra);
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", "target/classes:" + Files.readString(Path.of("target/runtime-classpath.txt")).trim(),
                "io.copygate.Gateway", "--config", config.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(config.resolve(name + ".log").toFile()).start();
    }

    private static void awaitUp(int port) {
        Await.until("gateway up on " + port, Duration.ofSeconds(60), () -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/signals?limit=1")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private static HttpResponse<String> post(int port, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/tradingview/" + TOKEN))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
