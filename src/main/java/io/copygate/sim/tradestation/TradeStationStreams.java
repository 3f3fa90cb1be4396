package io.copygate.sim.tradestation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The order streams of the TradeStation sandbox: each is a chunked response that starts with the
 * accounts' orders and {@code {"StreamStatus":"EndSnapshot"}}, then carries every order change as the
 * whole order object, one JSON object per line, and a {@code Heartbeat} after 5 idle seconds. Test
 * controls end streams with {@code GoAway}, cut them as a network failure would, or do either after
 * a number of further order events (a drop in the middle of a burst).
 */
final class TradeStationStreams {
    private static final long HEARTBEAT_MS = 5000;

    private final class Stream {
        final Set<String> accounts;
        final HttpServerResponse response;
        final HttpConnection connection;
        final long timer;
        volatile long lastWrite = System.nanoTime();
        volatile boolean open = true;

        Stream(Set<String> accounts, HttpServerResponse response, HttpConnection connection) {
            this.accounts = accounts;
            this.response = response;
            this.connection = connection;
            this.timer = vertx.setPeriodic(1000, id -> heartbeat(this));
        }
    }

    private final Vertx vertx;
    private final Supplier<Instant> clock;
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private volatile int goAwayAfter = -1;
    private volatile int cutAfter = -1;

    TradeStationStreams(Vertx vertx, Supplier<Instant> clock) {
        this.vertx = vertx;
        this.clock = clock;
    }

    /** Starts a stream: the snapshot comes from the book together with the subscription (nothing missed or doubled). */
    void open(Set<String> accounts, HttpServerResponse response, HttpConnection connection, TradeStationBook book) {
        response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/vnd.tradestation.streams.v3+json");
        Stream s = new Stream(accounts, response, connection);
        response.closeHandler(v -> close(s));
        response.exceptionHandler(e -> close(s));
        book.snapshot(accounts, snapshot -> {
            for (ObjectNode order : snapshot) {
                write(s, TradeStationBook.write(order));
            }
            write(s, "{\"StreamStatus\":\"EndSnapshot\"}");
            streams.add(s); // under the book's lock: the next change follows the snapshot, none is lost
        });
    }

    /** An order changed: every stream of its account gets the whole order. Called under the book's lock. */
    void publish(ObjectNode order) {
        String line = TradeStationBook.write(order);
        for (Stream s : streams) {
            if (s.open && s.accounts.contains(order.get("AccountID").asText())) {
                write(s, line);
                afterEvent(s);
            }
        }
    }

    /** Every stream says {@code GoAway} and ends, as before a server shutdown. */
    void goAway() {
        streams.forEach(this::sendGoAway);
    }

    /** Every stream's connection is cut without an end, as a network failure would. */
    void cut() {
        streams.forEach(this::cutNow);
    }

    void goAwayAfterEvents(int events) {
        goAwayAfter = events;
    }

    void cutAfterEvents(int events) {
        cutAfter = events;
    }

    int open() {
        return (int) streams.stream().filter(s -> s.open).count();
    }

    int heartbeats() {
        return heartbeats.get();
    }

    void closeAll() {
        streams.forEach(s -> vertx.cancelTimer(s.timer));
        streams.clear();
    }

    private void afterEvent(Stream s) {
        if (goAwayAfter > 0 && --goAwayAfter == 0) {
            goAwayAfter = -1;
            sendGoAway(s);
        } else if (cutAfter > 0 && --cutAfter == 0) {
            cutAfter = -1;
            cutNow(s);
        }
    }

    private void sendGoAway(Stream s) {
        if (s.open) {
            write(s, "{\"StreamStatus\":\"GoAway\"}");
            s.response.end();
            close(s);
        }
    }

    private void cutNow(Stream s) {
        if (s.open) {
            close(s);
            s.connection.close();
        }
    }

    private void heartbeat(Stream s) {
        if (s.open && System.nanoTime() - s.lastWrite > HEARTBEAT_MS * 1_000_000) {
            heartbeats.incrementAndGet();
            write(s, "{\"Heartbeat\":" + heartbeats.get() + ",\"Timestamp\":\"" + clock.get().toString().replaceAll("\\.\\d+Z$", "Z")
                    + "\"}");
        }
    }

    private void write(Stream s, String line) {
        s.lastWrite = System.nanoTime();
        s.response.write(line + "\n");
    }

    private void close(Stream s) {
        s.open = false;
        vertx.cancelTimer(s.timer);
        streams.remove(s);
    }
}
