package io.copygate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A minimal broker on loopback for the gateway's failure-path tests: it keeps orders by client order
 * id, refuses a duplicate (409), answers lookups, and can be told to misbehave the ways real brokers
 * do — hang without taking the order, take the order and then lose the answer, throttle with 429 and
 * Retry-After, or reject. Every request it receives is recorded.
 */
public final class LoopbackBroker implements AutoCloseable {
    public enum Mode { OK, HANG, ACCEPT_THEN_HANG, RATE_LIMIT_ONCE, REJECT, ERROR_500 }

    public record Received(String method, String path, String clientOrderId, long atNanos) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, JsonNode> orders = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.OK;
    private final List<String> events = new CopyOnWriteArrayList<>();

    public LoopbackBroker() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/orders", this::handle);
        server.createContext("/events", this::events);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void mode(Mode m) {
        mode = m;
    }

    public Map<String, JsonNode> orders() {
        return orders;
    }

    public List<Received> received() {
        return received;
    }

    /** How many placement requests arrived for a client order id. */
    public long placements(String clientOrderId) {
        return received.stream().filter(r -> r.method.equals("POST") && clientOrderId.equals(r.clientOrderId)).count();
    }

    /** A trade on the master account, as its owner would make it in the broker's UI. */
    public void masterTrades(String eventId, String symbol, String side, String quantity, String price) {
        events.add("{\"eventId\":\"" + eventId + "\",\"symbol\":\"" + symbol + "\",\"side\":\"" + side
                + "\",\"quantity\":\"" + quantity + "\",\"price\":\"" + price + "\"}");
    }

    /** Every master event so far, oldest first (deliberately no cursor: pollers re-read everything). */
    private void events(HttpExchange ex) throws IOException {
        received.add(new Received("GET", "/events", null, System.nanoTime()));
        reply(ex, 200, "[" + String.join(",", events) + "]", null);
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        if (method.equals("GET")) {
            String id = path.substring("/orders/".length());
            received.add(new Received(method, path, id, System.nanoTime()));
            JsonNode o = orders.get(id);
            reply(ex, o == null ? 404 : 200, o == null ? "{\"message\":\"order not found\"}" : o.toString(), null);
            return;
        }
        JsonNode order = JSON.readTree(body);
        String id = order.path("clientOrderId").asText();
        received.add(new Received(method, path, id, System.nanoTime()));
        Mode m = mode;
        switch (m) {
            case HANG -> hang(ex);
            case ERROR_500 -> reply(ex, 500, "{\"message\":\"internal error\"}", null);
            case REJECT -> reply(ex, 422, "{\"message\":\"insufficient buying power\"}", null);
            case RATE_LIMIT_ONCE -> {
                mode = Mode.OK;
                reply(ex, 429, "{\"message\":\"rate limit exceeded\"}", "1");
            }
            case OK, ACCEPT_THEN_HANG -> {
                if (orders.putIfAbsent(id, order) != null) {
                    reply(ex, 409, "{\"message\":\"client order id already used\"}", null);
                } else if (m == Mode.ACCEPT_THEN_HANG) {
                    hang(ex);
                } else {
                    reply(ex, 201, order.toString(), null);
                }
            }
        }
    }

    private static void hang(HttpExchange ex) {
        try {
            Thread.sleep(3_000); // longer than the gateway's request timeout in tests
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ex.close();
    }

    private static void reply(HttpExchange ex, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().set("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
