package io.copygate.broker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own WebSocket client for broker streams (JDK {@code java.net.http.WebSocket};
 * camel-vertx-websocket is unavailable at Camel 4.18 and duplicates messages after reconnects, see
 * docs/architecture.md). It owns what every venue needs: reconnect with exponential backoff, a
 * heartbeat, an idle watchdog, and a fresh {@link Handler#onOpen} after every connect so the venue
 * code can authenticate, re-subscribe and catch up the gap. Messages may repeat across a
 * reconnect; consumers deduplicate.
 */
public final class ReconnectingWebSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingWebSocket.class);

    /** The venue-specific part of a stream. Called from the client's threads, one message at a time. */
    public interface Handler {
        /** After each (re)connect: authenticate, subscribe, request catch-up. Throwing reconnects. */
        void onOpen(Session session) throws Exception;

        /** One whole text message. */
        void onText(Session session, String message) throws Exception;

        /** The connection was lost (it will be re-established unless the client was closed). */
        default void onDisconnect(String reason) {
        }
    }

    /** Sending side of the current connection. */
    public interface Session {
        void send(String text);
    }

    private final String name;
    private final URI uri;
    private final Supplier<Map<String, String>> headers;
    private final Handler handler;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration heartbeatInterval;
    private final Supplier<String> heartbeat;
    private final Duration idleTimeout;
    private final HttpClient client = HttpClient.newHttpClient();
    private final ScheduledExecutorService timer;

    private volatile boolean closed;
    private volatile WebSocket socket;
    private volatile long lastMessageAt;
    private volatile Duration backoff;
    private ScheduledFuture<?> heartbeatTask;

    private ReconnectingWebSocket(Builder b) {
        this.name = b.name;
        this.uri = b.uri;
        this.headers = b.headers;
        this.handler = b.handler;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeat = b.heartbeat;
        this.idleTimeout = b.idleTimeout;
        this.backoff = b.initialBackoff;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ws-" + b.name);
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder(String name, URI uri, Handler handler) {
        return new Builder(name, uri, handler);
    }

    public void start() {
        timer.execute(this::connect);
    }

    public boolean isConnected() {
        WebSocket ws = socket;
        return ws != null && !ws.isInputClosed() && !ws.isOutputClosed();
    }

    /** Drops the current connection as if the network had failed; the client reconnects. */
    public void dropConnection(String reason) {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
            lost(ws, reason);
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.get().forEach(builder::header);
        builder.buildAsync(uri, new Listener()).whenComplete((ws, failure) -> {
            if (failure != null) {
                LOG.warn("{}: cannot connect to {}: {}", name, uri, failure.getMessage());
                scheduleReconnect();
                return;
            }
            if (!adopt(ws)) {
                return; // lost while connecting (e.g. its first answer refused us): lost() has scheduled the reconnect
            }
            try {
                handler.onOpen(session(ws));
                backoff = initialBackoff;
                LOG.info("{}: connected to {}", name, uri);
                startHeartbeat(ws);
            } catch (Exception e) {
                LOG.warn("{}: setting up the stream failed: {}", name, e.getMessage());
                ws.abort();
                lost(ws, "setup failed: " + e.getMessage());
            }
        });
    }

    private Session session(WebSocket ws) {
        return text -> {
            synchronized (ws) { // the JDK allows one outstanding send per socket
                ws.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
            }
        };
    }

    private synchronized void startHeartbeat(WebSocket ws) {
        if (heartbeatTask != null) {
            heartbeatTask.cancel(false);
        }
        long period = heartbeatInterval != null ? heartbeatInterval.toMillis() : 1000;
        heartbeatTask = timer.scheduleAtFixedRate(() -> {
            if (socket != ws) {
                return;
            }
            if (idleTimeout != null && System.nanoTime() - lastMessageAt > idleTimeout.toNanos()) {
                LOG.warn("{}: nothing received for {}, reconnecting", name, idleTimeout);
                ws.abort();
                lost(ws, "idle");
                return;
            }
            if (heartbeatInterval != null && heartbeat != null) {
                try {
                    session(ws).send(heartbeat.get());
                } catch (RuntimeException e) {
                    ws.abort();
                    lost(ws, "heartbeat failed");
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    private void lost(WebSocket ws, String reason) {
        synchronized (this) {
            if (socket != ws) {
                return; // already handled
            }
            socket = null;
        }
        handler.onDisconnect(reason);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        LOG.info("{}: reconnecting in {} ms", name, wait.toMillis());
        timer.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        WebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((r, e) -> ws.abort());
        }
        timer.shutdownNow();
    }

    /**
     * Makes {@code ws} the current connection unless it is already gone. Called from the listener's
     * onOpen, which the JDK runs before any message of the connection, and from the connect callback,
     * which may run later: a handler that drops the connection on its first messages (a refused
     * authorisation) must find it current, or the drop is lost and the feed waits forever on a
     * connection that only sends heartbeats.
     */
    private synchronized boolean adopt(WebSocket ws) {
        if (closed || ws.isInputClosed() || ws.isOutputClosed()) {
            return false;
        }
        if (socket != ws) {
            socket = ws;
            lastMessageAt = System.nanoTime();
        }
        return true;
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            adopt(ws);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            lastMessageAt = System.nanoTime();
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                try {
                    handler.onText(session(ws), message);
                } catch (Exception e) {
                    LOG.error("{}: handling a message failed: {}", name, e.getMessage(), e);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
            // some venues (Alpaca paper) send JSON in binary frames
            return onText(ws, java.nio.charset.StandardCharsets.UTF_8.decode(data), last);
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
            lastMessageAt = System.nanoTime();
            return WebSocket.Listener.super.onPing(ws, message);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            lost(ws, "closed by server: " + statusCode + " " + reason);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost(ws, "error: " + error.getMessage());
        }
    }

    public static final class Builder {
        private final String name;
        private final URI uri;
        private final Handler handler;
        private Supplier<Map<String, String>> headers = Map::of;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration heartbeatInterval;
        private Supplier<String> heartbeat;
        private Duration idleTimeout;

        private Builder(String name, URI uri, Handler handler) {
            this.name = name;
            this.uri = uri;
            this.handler = handler;
        }

        /** Headers for the handshake, asked for at every connect (tokens renew). */
        public Builder headers(Supplier<Map<String, String>> v) { headers = v; return this; }
        public Builder backoff(Duration initial, Duration max) { initialBackoff = initial; maxBackoff = max; return this; }
        /** A text message sent every interval while connected (Tradovate's {@code []}). */
        public Builder heartbeat(Duration interval, Supplier<String> message) { heartbeatInterval = interval; heartbeat = message; return this; }
        /** Reconnect when nothing at all arrives for this long. */
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }

        public ReconnectingWebSocket build() {
            return new ReconnectingWebSocket(this);
        }
    }
}
