package io.copygate.sim.tradovate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The sandbox side of Tradovate's WebSocket: sends {@code o} on connect and {@code h} every 2.5 s,
 * expects the client's {@code []} heartbeat (a client silent for longer than the timeout is closed
 * with {@code c[...]}), answers {@code authorize} and {@code user/syncrequest} in Tradovate's
 * {@code a[{"s":..,"i":..,"d":..}]} shape, and pushes {@code props} events to synchronised sessions.
 */
final class TradovateSockets {
    private static final long SERVER_HEARTBEAT_MS = 2500;

    private final class Session {
        final ServerWebSocket ws;
        final HttpConnection connection;
        final long timer;
        volatile Instant lastClientFrame = Instant.now();
        volatile long userId = -1;
        volatile boolean synced;

        Session(ServerWebSocket ws, HttpConnection connection) {
            this.ws = ws;
            this.connection = connection;
            this.timer = vertx.setPeriodic(SERVER_HEARTBEAT_MS, id -> beat(this));
        }
    }

    private final Vertx vertx;
    private final TradovateBook book;
    /** Bearer token → user id, or -1 when the token is unknown or expired. */
    private final BiFunction<String, Instant, Long> tokens;
    private final Supplier<Instant> clock;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private volatile Duration clientTimeout = Duration.ofSeconds(10);

    TradovateSockets(Vertx vertx, TradovateBook book, BiFunction<String, Instant, Long> tokens, Supplier<Instant> clock) {
        this.vertx = vertx;
        this.book = book;
        this.tokens = tokens;
        this.clock = clock;
    }

    void open(ServerWebSocket ws, HttpConnection connection) {
        Session s = new Session(ws, connection);
        sessions.add(s);
        ws.closeHandler(v -> {
            vertx.cancelTimer(s.timer);
            sessions.remove(s);
        });
        ws.exceptionHandler(e -> ws.close());
        ws.textMessageHandler(text -> onText(s, text));
        ws.writeTextMessage("o");
    }

    /** A {@code props} event for every synchronised session of the user. Called under the book's lock. */
    void publish(long userId, String entityType, String eventType, ObjectNode entity) {
        ObjectNode d = TradovateBook.JSON.createObjectNode().put("entityType", entityType).put("eventType", eventType);
        d.set("entity", entity);
        ObjectNode event = TradovateBook.JSON.createObjectNode().put("e", "props");
        event.set("d", d);
        String frame = "a[" + TradovateBook.write(event) + "]";
        for (Session s : sessions) {
            if (s.synced && s.userId == userId) {
                s.ws.writeTextMessage(frame);
            }
        }
    }

    /** Sandbox control: cut every connection without a close frame, as a network failure would. */
    void dropAll() {
        for (Session s : sessions) {
            vertx.cancelTimer(s.timer);
            sessions.remove(s);
            s.connection.close();
        }
    }

    int open() {
        return sessions.size();
    }

    int heartbeatsReceived() {
        return heartbeats.get();
    }

    List<String> received() {
        return List.copyOf(received);
    }

    void clientTimeout(Duration timeout) {
        clientTimeout = timeout;
    }

    void closeAll() {
        sessions.forEach(s -> vertx.cancelTimer(s.timer));
        sessions.clear();
    }

    private void beat(Session s) {
        if (Duration.between(s.lastClientFrame, Instant.now()).compareTo(clientTimeout) > 0) {
            // Tradovate drops a client that stops sending its heartbeat
            s.ws.writeTextMessage("c[1000,\"Heartbeat timeout\"]");
            s.ws.close();
            return;
        }
        s.ws.writeTextMessage("h");
    }

    private void onText(Session s, String text) {
        s.lastClientFrame = Instant.now();
        received.add(text);
        if ("[]".equals(text)) {
            heartbeats.incrementAndGet();
            return;
        }
        String[] parts = text.split("\n", 4);
        if (parts.length < 4 || !parts[1].matches("\\d+")) {
            s.ws.writeTextMessage("a[" + response(400, -1, "Invalid request") + "]");
            return;
        }
        long id = Long.parseLong(parts[1]);
        switch (parts[0]) {
            case "authorize" -> {
                long userId = tokens.apply(parts[3].trim(), clock.get());
                if (userId < 0) {
                    s.ws.writeTextMessage("a[" + response(401, id, "Access is denied") + "]");
                    return;
                }
                s.userId = userId;
                s.ws.writeTextMessage("a[" + response(200, id, null) + "]");
            }
            case "user/syncrequest" -> sync(s, id, parts[3]);
            default -> s.ws.writeTextMessage("a[" + response(404, id, "Unknown endpoint " + parts[0]) + "]");
        }
    }

    private void sync(Session s, long id, String body) {
        if (s.userId < 0) {
            s.ws.writeTextMessage("a[" + response(401, id, "Access is denied") + "]");
            return;
        }
        JsonNode request;
        try {
            request = TradovateBook.JSON.readTree(body);
        } catch (Exception e) {
            request = null;
        }
        boolean forUser = request != null && request.isObject() && request.has("users")
                && request.get("users").isArray() && request.get("users").size() == 1
                && request.get("users").get(0).asLong() == s.userId;
        if (!forUser) {
            s.ws.writeTextMessage("a[" + response(400, id, "Invalid or missed parameters") + "]");
            return;
        }
        // the snapshot and the subscription happen together: no event is missed or sent twice
        book.atomically(() -> {
            ObjectNode answer = response(200, id, null);
            answer.set("d", book.snapshot(s.userId));
            s.ws.writeTextMessage("a[" + TradovateBook.write(answer) + "]");
            s.synced = true;
        });
    }

    private static ObjectNode response(int status, long id, String message) {
        ObjectNode r = TradovateBook.JSON.createObjectNode().put("s", status).put("i", id);
        if (message != null) {
            r.put("d", message);
        }
        return r;
    }
}
