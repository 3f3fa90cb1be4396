package io.copygate.broker.ninjatrader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dial-out WebSocket server: a Vert.x HTTP server of its own (Camel 4.18's netty-http has no
 * WebSocket server; Vert.x already runs the management port), on {@code copygate.bridge.ws-port}.
 * The upgrade is refused with 401 unless its {@code Authorization: Bearer} token is a NinjaTrader
 * account's token. Event frames are handed to the route on worker threads (never on the event loop)
 * and answered only once the route has made them durable.
 */
final class DialOutServer extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(DialOutServer.class);
    private static final long HEARTBEAT_MS = 20_000;
    private static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    private final DialOutSessions sessions;
    private final NinjaTraderAccounts accounts;
    private final String path;
    private final String host;
    private final int port;
    private Vertx vertx;
    private HttpServer server;
    private ExecutorService workers;

    DialOutServer(Endpoint endpoint, Processor processor, DialOutSessions sessions, NinjaTraderAccounts accounts,
                  String path, String host, int port) {
        super(endpoint, processor);
        this.sessions = sessions;
        this.accounts = accounts;
        this.path = path;
        this.host = host;
        this.port = port;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        workers = getEndpoint().getCamelContext().getExecutorServiceManager().newThreadPool(this, "ninjatrader-dialout", 1, 8);
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                        .setMaxWebSocketMessageSize(MAX_MESSAGE_BYTES))
                .webSocketHandler(this::connect)
                .requestHandler(r -> r.response().setStatusCode(426).putHeader("Upgrade", "websocket")
                        .end("{\"error\":\"this port only accepts the NinjaTrader add-on's WebSocket\",\"field\":null}"));
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the NinjaTrader dial-out server cannot listen on " + host + ":" + port
                    + " (copygate.bridge.ws-host / copygate.bridge.ws-port): " + e.getCause().getMessage(), e.getCause());
        }
        LOG.info("NinjaTrader dial-out server listening on ws://{}:{}{}", host, server.actualPort(), path);
    }

    @Override
    protected void doStop() throws Exception {
        sessions.closeAll("gateway stopping");
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (workers != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(workers);
        }
        super.doStop();
    }

    private void connect(ServerWebSocket ws) {
        if (!path.equals(ws.path())) {
            ws.reject(404);
            return;
        }
        String token = NinjaTraderAccounts.bearer(ws.headers().get("Authorization"));
        String peer = String.valueOf(ws.remoteAddress());
        Context loop = vertx.getOrCreateContext();
        AtomicReference<DialOutSession> session = new AtomicReference<>();
        AtomicLong lastHeard = new AtomicLong(System.nanoTime());
        ws.textMessageHandler(text -> {
            lastHeard.set(System.nanoTime());
            DialOutSession s = session.get();
            if (s != null) {
                frame(ws, loop, s, text);
            }
        });
        ws.pongHandler(pong -> lastHeard.set(System.nanoTime()));
        ws.closeHandler(v -> {
            DialOutSession s = session.get();
            if (s != null) {
                sessions.closed(s, "closed by the add-on or the network");
                LOG.info("NinjaTrader add-on at {} disconnected", peer);
            }
        });
        ws.exceptionHandler(e -> LOG.debug("NinjaTrader dial-out connection from {}: {}", peer, e.getMessage()));
        Promise<Integer> handshake = Promise.promise();
        ws.setHandshake(handshake.future()).onSuccess(status -> {
            if (status != 101) {
                LOG.warn("refused a NinjaTrader dial-out connection from {}: HTTP {}", peer, status);
                return;
            }
            session.set(sessions.open(token, link(ws, loop), peer));
            LOG.info("NinjaTrader add-on connected from {}", peer);
            heartbeat(ws, lastHeard);
        });
        // looking the token up reads the database: off the event loop
        vertx.executeBlocking(() -> !accounts.withToken(token).isEmpty(), false)
                .onComplete(known -> handshake.complete(known.failed() ? 500 : known.result() ? 101 : 401));
    }

    private static DialOutSession.Link link(ServerWebSocket ws, Context loop) {
        return new DialOutSession.Link() {
            @Override
            public void send(String text) {
                loop.runOnContext(v -> ws.writeTextMessage(text));
            }

            @Override
            public void close(String reason) {
                loop.runOnContext(v -> ws.close((short) 1001, reason));
            }
        };
    }

    /** Pings every 20 s; a connection that answers nothing for three intervals is closed (the add-on redials). */
    private void heartbeat(ServerWebSocket ws, AtomicLong lastHeard) {
        vertx.setPeriodic(HEARTBEAT_MS, timer -> {
            if (ws.isClosed()) {
                vertx.cancelTimer(timer);
            } else if (System.nanoTime() - lastHeard.get() > TimeUnit.MILLISECONDS.toNanos(3 * HEARTBEAT_MS)) {
                LOG.warn("NinjaTrader add-on at {} silent for {} s; closing its connection", ws.remoteAddress(), 3 * HEARTBEAT_MS / 1000);
                ws.close((short) 1001, "no heartbeat");
                vertx.cancelTimer(timer);
            } else {
                ws.writePing(Buffer.buffer("copygate"));
            }
        });
    }

    private void frame(ServerWebSocket ws, Context loop, DialOutSession session, String text) {
        JsonNode frame;
        try {
            frame = NinjaTraderOrderMapper.JSON.readTree(text);
        } catch (IOException e) {
            LOG.warn("ignored a dial-out frame from {} that is not JSON", session.peer());
            return;
        }
        if (frame != null && frame.has("requestId")) {
            session.answered(frame);
        } else if (frame != null && frame.path("event").isObject()) {
            workers.execute(() -> event(ws, loop, session, frame.get("event")));
        } else {
            LOG.warn("ignored a dial-out frame from {} with neither requestId nor event", session.peer());
        }
    }

    /** One event through the route; ack or reject once it is durable, nothing when it failed (the add-on re-sends). */
    private void event(ServerWebSocket ws, Context loop, DialOutSession session, JsonNode event) {
        String eventId = event.path("eventId").isTextual() ? event.get("eventId").asText() : null;
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(NinjaTraderOrderMapper.write(event));
            exchange.getMessage().setHeader("Authorization", "Bearer " + session.token());
            getProcessor().process(exchange);
            int status = exchange.getException() != null ? 500
                    : exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
            ObjectNode answer = NinjaTraderOrderMapper.JSON.createObjectNode();
            if (status / 100 == 2 || status == 409) {
                answer.put("ack", eventId);
            } else if (status == 400 || status == 410 || status == 413 || status == 422) {
                answer.put("reject", eventId).put("error", reason(exchange));
            } else {
                LOG.warn("event {} from {} not stored (HTTP {}: {}); the add-on sends it again", eventId, session.peer(), status,
                        exchange.getException() != null ? exchange.getException().getMessage() : reason(exchange));
                return;
            }
            String text = NinjaTraderOrderMapper.write(answer);
            loop.runOnContext(v -> ws.writeTextMessage(text));
        } catch (Exception e) {
            LOG.error("event {} from {} failed: {}", eventId, session.peer(), e.getMessage(), e);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private static String reason(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        try {
            return NinjaTraderOrderMapper.text(NinjaTraderOrderMapper.JSON.readTree(body), "error");
        } catch (IOException | RuntimeException e) {
            return body;
        }
    }
}
