package io.copygate.sim.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.sim.spot.SpotEvent;
import io.copygate.sim.spot.SpotOrder;
import io.vertx.core.http.ServerWebSocket;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kraken sandbox's authenticated WebSocket v2 ({@code /v2}): {@code subscribe} to
 * {@code executions} with a token from GetWebSocketsToken (usable for 15 minutes until a
 * subscription uses it), an open-orders snapshot when {@code snap_orders} is true, then
 * {@code update} messages with a per-connection {@code sequence}; {@code ping} → {@code pong}.
 */
final class KrakenStream {
    private static final class Connection {
        final ServerWebSocket ws;
        volatile String apiKey;
        final AtomicLong sequence = new AtomicLong();

        Connection(ServerWebSocket ws) {
            this.ws = ws;
        }
    }

    private record Token(String apiKey, Instant expires) {
    }

    private final KrakenSandbox sandbox;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final AtomicLong tokenIds = new AtomicLong();
    volatile boolean refusing;

    KrakenStream(KrakenSandbox sandbox) {
        this.sandbox = sandbox;
    }

    String issueToken(String apiKey) {
        String token = java.util.Base64.getEncoder().withoutPadding().encodeToString(
                ("tok-" + tokenIds.incrementAndGet() + "-" + System.nanoTime()).getBytes());
        tokens.put(token, new Token(apiKey, sandbox.clock.instant().plus(sandbox.tokenLifetime)));
        return token;
    }

    void accept(ServerWebSocket ws) {
        if (!"/v2".equals(ws.path()) || refusing) {
            ws.reject(refusing ? 503 : 404);
            return;
        }
        Connection c = new Connection(ws);
        connections.add(c);
        ws.closeHandler(v -> connections.remove(c));
        ws.textMessageHandler(text -> request(c, text));
    }

    private void request(Connection c, String text) {
        Instant in = sandbox.clock.instant();
        ObjectNode answer = KrakenWire.JSON.createObjectNode();
        try {
            JsonNode m = KrakenWire.JSON.readTree(text);
            String method = m.path("method").asText();
            answer.put("method", method);
            if (m.has("req_id")) {
                answer.set("req_id", m.get("req_id"));
            }
            switch (method) {
                case "ping" -> answer.put("method", "pong");
                case "subscribe" -> {
                    JsonNode p = m.path("params");
                    if (!"executions".equals(p.path("channel").asText())) {
                        throw new KrakenError("EGeneral:Invalid arguments:channel");
                    }
                    Token t = tokens.get(p.path("token").asText(""));
                    if (t == null || (t.expires() != null && in.isAfter(t.expires()))) {
                        throw new KrakenError("EAPI:Invalid token");
                    }
                    tokens.put(p.path("token").asText(), new Token(t.apiKey(), null)); // used: no longer expires
                    ObjectNode result = answer.putObject("result");
                    result.put("channel", "executions");
                    result.put("snap_orders", p.path("snap_orders").asBoolean(true));
                    result.put("snap_trades", p.path("snap_trades").asBoolean(false));
                    answer.put("success", true);
                    answer.put("time_in", in.toString());
                    answer.put("time_out", sandbox.clock.instant().toString());
                    synchronized (sandbox.exchange) { // the snapshot and later updates stay in order
                        c.ws.writeTextMessage(answer.toString());
                        c.apiKey = t.apiKey();
                        if (p.path("snap_orders").asBoolean(true)) {
                            ObjectNode snap = KrakenWire.JSON.createObjectNode();
                            snap.put("channel", "executions");
                            snap.put("type", "snapshot");
                            ArrayNode data = snap.putArray("data");
                            for (SpotOrder o : sandbox.exchange.orders(t.apiKey())) {
                                if (o.isOpen()) {
                                    data.add(KrakenWire.snapshot(sandbox.pairOfMarket(o.market().key()), o));
                                }
                            }
                            snap.put("sequence", c.sequence.incrementAndGet());
                            c.ws.writeTextMessage(snap.toString());
                        }
                    }
                    return;
                }
                default -> throw new KrakenError("EGeneral:Invalid arguments:method");
            }
            answer.put("time_in", in.toString());
            answer.put("time_out", sandbox.clock.instant().toString());
            c.ws.writeTextMessage(answer.toString());
        } catch (KrakenError e) {
            answer.put("error", e.getMessage());
            answer.put("success", false);
            answer.put("time_in", in.toString());
            answer.put("time_out", sandbox.clock.instant().toString());
            c.ws.writeTextMessage(answer.toString());
        } catch (Exception e) {
            answer.put("error", "EGeneral:Invalid arguments");
            answer.put("success", false);
            c.ws.writeTextMessage(answer.toString());
        }
    }

    /** Called under the exchange lock for every order event. */
    void publish(SpotEvent e) {
        KrakenPair p = sandbox.pairOfMarket(e.order().market().key());
        var items = KrakenWire.executions(p, e, sandbox.clock.instant());
        for (Connection c : connections) {
            if (e.order().account().equals(c.apiKey)) {
                ObjectNode msg = KrakenWire.JSON.createObjectNode();
                msg.put("channel", "executions");
                msg.put("type", "update");
                ArrayNode data = msg.putArray("data");
                items.forEach(data::add);
                msg.put("sequence", c.sequence.incrementAndGet());
                c.ws.writeTextMessage(msg.toString());
            }
        }
    }

    void dropAll() {
        for (Connection c : connections) {
            connections.remove(c);
            c.ws.close((short) 1001, "going away");
        }
    }

    int subscribedConnections() {
        return (int) connections.stream().filter(c -> c.apiKey != null).count();
    }
}
