package io.copygate.sim.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.sim.alpaca.AlpacaSandbox.RecordedRequest;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every request the sandbox received, for tests that check them against Alpaca's OpenAPI document
 * and for benchmarks that time them. Bounded (oldest dropped first) so a long benchmark cannot
 * exhaust memory; stream messages are kept with their secret masked.
 */
final class RequestLog {
    private final ConcurrentLinkedQueue<RecordedRequest> entries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    volatile boolean enabled = true;
    volatile int capacity = 200_000;

    void record(HttpServerRequest req, String body) {
        if (!enabled) {
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        req.headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
        add(new RecordedRequest(Instant.now(), req.method().name(), req.uri(), headers, body));
    }

    void recordStreamMessage(String action, JsonNode message) {
        if (!enabled) {
            return;
        }
        JsonNode masked = message.deepCopy();
        if (masked.has("secret")) {
            ((ObjectNode) masked).put("secret", "***");
        }
        if (masked.path("data").has("secret_key")) {
            ((ObjectNode) masked.path("data")).put("secret_key", "***");
        }
        add(new RecordedRequest(Instant.now(), "WS", "/stream", Map.of(), SimJson.write(masked)));
    }

    private void add(RecordedRequest entry) {
        entries.add(entry);
        if (size.incrementAndGet() > capacity && entries.poll() != null) {
            size.decrementAndGet();
        }
    }

    List<RecordedRequest> snapshot() {
        return new ArrayList<>(entries);
    }

    void clear() {
        entries.clear();
        size.set(0);
    }
}
