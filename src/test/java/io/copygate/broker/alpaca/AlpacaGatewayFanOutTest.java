package io.copygate.broker.alpaca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One Alpaca master order, placed by hand on the sandbox and read from its trade_updates stream, reaches
 * 500 Alpaca followers through the real gateway, each sized by its equity, each exactly once, on a
 * bounded number of threads.
 */
class AlpacaGatewayFanOutTest {
    private static final int FOLLOWERS = Integer.getInteger("fo", 500);
    private static final String EQUITY_RATIO = "{\"sizing\": {\"mode\": \"equityRatio\"}}";

    @Test
    void aMasterOrderReachesFiveHundredFollowersSizedByEquityExactlyOnceOnFewThreads() throws Exception {
        // follower i holds 200 × i in cash: i/500 of the master's 100,000, so it copies i of the master's 500 shares
        try (AlpacaGatewayFixture f = AlpacaGatewayFixture.start(FOLLOWERS, i -> BigDecimal.valueOf(200L * i), EQUITY_RATIO, Map.of())) {
            f.sandbox.setPrice("AAPL", new BigDecimal("10"));
            NewThreads threads = NewThreads.watch();

            JsonNode master = f.sandbox.placeAsHuman("master",
                    "{\"symbol\":\"AAPL\",\"qty\":\"500\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}");
            f.await("500 copies acked", Duration.ofSeconds(30), () ->
                    f.count("SELECT count(*) FROM copy_orders WHERE state = 'acked'") == FOLLOWERS);
            Map<String, Integer> started = threads.stop();
            int startedThreads = started.values().stream().mapToInt(Integer::intValue).sum();

            for (int i = 1; i <= FOLLOWERS; i++) {
                List<JsonNode> atAlpaca = f.sandbox.orders("f" + i);
                assertEquals(1, atAlpaca.size(), "f" + i + " received exactly one order");
                JsonNode copy = atAlpaca.get(0);
                assertEquals(0, BigDecimal.valueOf(i).compareTo(new BigDecimal(copy.path("qty").asText())),
                        "f" + i + ": 500 × " + (200 * i) + " / 100,000 = " + i + " shares, got " + copy.path("qty").asText());
                assertEquals("buy", copy.path("side").asText());
                assertEquals("AAPL", copy.path("symbol").asText());
                assertEquals(1, f.count("SELECT count(*) FROM copy_orders WHERE follower_account_id = ? AND id = ? AND state = 'acked'",
                        "f" + i, copy.path("client_order_id").asText()), "f" + i + ": acked under its copy order id");
            }
            assertEquals(1, f.count("SELECT count(*) FROM signals WHERE source = 'alpaca' AND kind = 'ORDER_NEW'"));
            assertEquals(master.path("id").asText() + ":new",
                    f.db.rows("SELECT source_event_id FROM signals WHERE kind = 'ORDER_NEW'").get(0).get("source_event_id"));
            System.out.println("500-follower fan-out: threads started during it " + started);
            assertTrue(startedThreads < 100, "500 followers must not take a thread each; threads started during the fan-out: " + started);
        }
    }

    @Test
    void twentyFailingFollowersOpenTheirBreakersWhileTheOther480AreServedThenReplay() throws Exception {
        Map<String, String> props = Map.of(
                "copygate.delivery.retry-schedule", "1s,1s,1s",
                "copygate.delivery.retry-jitter", "0",
                "copygate.delivery.breaker.window", "2",
                "copygate.delivery.breaker.minimum-calls", "2",
                "copygate.delivery.breaker.wait-open-ms", "2500");
        try (AlpacaGatewayFixture f = AlpacaGatewayFixture.start(FOLLOWERS, i -> new BigDecimal("100000"), EQUITY_RATIO, props)) {
            f.sandbox.setPrice("MSFT", new BigDecimal("400"));
            for (int i = 1; i <= 10; i++) {
                f.sandbox.failRequests("f" + i, 500, 1_000_000);               // 500s, nothing carried out
                f.sandbox.delayAnswers("f" + (i + 10), Duration.ofSeconds(5)); // carried out, answered after our timeout
            }
            f.sandbox.placeAsHuman("master", "{\"symbol\":\"MSFT\",\"qty\":\"3\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}");
            f.await("480 acked and 20 dead letters", Duration.ofSeconds(40), () ->
                    f.count("SELECT count(*) FROM copy_orders WHERE state = 'acked'") == 480
                            && f.count("SELECT count(*) FROM dead_letters WHERE status = 'open'") == 20);

            assertEquals(0, f.count("SELECT count(*) FROM copy_orders o JOIN dead_letters d ON d.copy_order_id = o.id "
                    + "WHERE o.follower_account_id NOT IN (" + failing() + ")"), "only the failing followers have dead letters");
            assertEquals(20, f.count("SELECT count(*) FROM dead_letters WHERE error LIKE 'circuit breaker open for follower%'"),
                    "every failing follower's breaker opened and its last attempts failed fast");
            assertEquals(480, f.count("SELECT count(*) FROM copy_orders WHERE state = 'acked' AND acked_at < "
                    + "(SELECT min(created_at) FROM dead_letters)"),
                    "all 480 healthy followers were acked before the first failing one had exhausted its retries");
            for (int i = 21; i <= FOLLOWERS; i++) {
                assertEquals(1, f.sandbox.orders("f" + i).size(), "f" + i + " got exactly one order");
            }
            for (int i = 1; i <= 10; i++) {
                assertEquals(0, f.sandbox.orders("f" + i).size(), "f" + i + " answered 500 and carried nothing out");
            }

            // the sandbox recovers; ops replay the dead letters (a replay that meets a breaker still open
            // becomes a dead letter again and is replayed on the next round)
            for (int i = 1; i <= 20; i++) {
                f.sandbox.clearFaults("f" + i);
            }
            f.await("every failing follower's copy acked after replay", Duration.ofSeconds(30), () -> {
                for (Map<String, Object> letter : f.db.rows("SELECT id FROM dead_letters WHERE status = 'open'")) {
                    f.gateway.post("/api/dead-letters/" + letter.get("id") + "/replay", "", "application/json");
                }
                return f.count("SELECT count(*) FROM copy_orders WHERE state = 'acked'") == FOLLOWERS;
            });
            for (int i = 1; i <= 20; i++) {
                assertEquals(1, f.sandbox.orders("f" + i).size(), "f" + i + " holds exactly one copy after the replay");
            }
            assertTrue(f.count("SELECT count(*) FROM copy_orders WHERE follower_account_id IN (" + failing() + ") AND id IN "
                    + "(SELECT copy_order_id FROM dead_letters WHERE status = 'replayed')") == 20);
        }
    }

    private static String failing() {
        StringBuilder ids = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            ids.append(i > 1 ? "," : "").append("'f").append(i).append("'");
        }
        return ids.toString();
    }

    /** The threads started while a fan-out runs (by anything in this JVM), counted by pool: a name without its numbers. */
    private static final class NewThreads {
        private final java.util.Set<Long> before = new java.util.HashSet<>();
        private final Map<String, java.util.Set<Long>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        private final Thread sampler;
        private volatile boolean running = true;

        private NewThreads() {
            Thread.getAllStackTraces().keySet().forEach(t -> before.add(t.getId()));
            sampler = new Thread(() -> {
                while (running) {
                    for (Thread t : Thread.getAllStackTraces().keySet()) {
                        if (!before.contains(t.getId()) && t != Thread.currentThread()) {
                            seen.computeIfAbsent(pool(t.getName()), k -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(t.getId());
                        }
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "test-thread-sampler");
            sampler.setDaemon(true);
            before.add(sampler.getId());
        }

        static NewThreads watch() {
            NewThreads n = new NewThreads();
            n.sampler.start();
            return n;
        }

        Map<String, Integer> stop() throws InterruptedException {
            running = false;
            sampler.join();
            Map<String, Integer> counts = new java.util.TreeMap<>();
            seen.forEach((pool, ids) -> counts.put(pool, ids.size()));
            return counts;
        }

        private static String pool(String name) {
            return name.replaceAll("\\d+", "#");
        }
    }
}
