package io.copygate.sim.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.sim.spot.SpotEvent;
import io.copygate.sim.spot.SpotOrder;
import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Coinbase sandbox's user-data WebSocket: {@code subscribe} to {@code user} (with a JWT, checked
 * like REST but without a uri claim; a snapshot of open orders follows) and {@code heartbeats} (one a
 * second), then {@code update} events per order change; {@code {"type":"error"}} on a bad token.
 */
final class CoinbaseStream {
    private static final class Connection {
        final ServerWebSocket ws;
        volatile String keyName;
        final Set<String> products = ConcurrentHashMap.newKeySet();
        volatile boolean heartbeats;
        final AtomicLong sequence = new AtomicLong();
        final AtomicLong beats = new AtomicLong();

        Connection(ServerWebSocket ws) {
            this.ws = ws;
        }
    }

    private final CoinbaseSandbox sandbox;
    private final CoinbaseJwtCheck jwt;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    volatile boolean refusing;

    CoinbaseStream(CoinbaseSandbox sandbox) {
        this.sandbox = sandbox;
        this.jwt = new CoinbaseJwtCheck(sandbox.keys, sandbox.clock);
    }

    void startHeartbeats() {
        sandbox.vertx().setPeriodic(1000, t -> {
            for (Connection c : connections) {
                if (c.heartbeats) {
                    ObjectNode m = envelope(c, "heartbeats");
                    m.putArray("events").addObject().put("current_time", sandbox.clock.instant().toString())
                            .put("heartbeat_counter", c.beats.incrementAndGet());
                    c.ws.writeTextMessage(m.toString());
                }
            }
        });
    }

    void accept(ServerWebSocket ws) {
        if (!"/".equals(ws.path()) || refusing) {
            ws.reject(refusing ? 503 : 404);
            return;
        }
        Connection c = new Connection(ws);
        connections.add(c);
        ws.closeHandler(v -> connections.remove(c));
        ws.textMessageHandler(text -> request(c, text));
    }

    private void request(Connection c, String text) {
        try {
            JsonNode m = CoinbaseWire.JSON.readTree(text);
            if (!"subscribe".equals(m.path("type").asText())) {
                error(c, "unsupported message type");
                return;
            }
            String key;
            try {
                key = jwt.check(m.path("jwt").asText(null), null);
            } catch (CoinbaseHttpError e) {
                error(c, "authentication failure");
                return;
            }
            String channel = m.path("channel").asText();
            synchronized (sandbox.exchange) { // the snapshot and later updates stay in order
                c.keyName = key;
                if ("heartbeats".equals(channel)) {
                    c.heartbeats = true;
                } else if ("user".equals(channel)) {
                    m.path("product_ids").forEach(p -> c.products.add(p.asText()));
                } else {
                    error(c, "unsupported channel " + channel);
                    return;
                }
                ObjectNode ack = envelope(c, "subscriptions");
                ObjectNode subs = ack.putArray("events").addObject().putObject("subscriptions");
                if (!c.products.isEmpty()) {
                    subs.putArray("user").add(sandbox.userId(key));
                }
                if (c.heartbeats) {
                    subs.putArray("heartbeats").add("heartbeats");
                }
                c.ws.writeTextMessage(ack.toString());
                if ("user".equals(channel)) {
                    ObjectNode snap = envelope(c, "user");
                    ObjectNode event = snap.putArray("events").addObject();
                    event.put("type", "snapshot");
                    ArrayNode orders = event.putArray("orders");
                    for (SpotOrder o : sandbox.exchange.orders(key)) {
                        CoinbaseProduct p = sandbox.productOfMarket(o.market().key());
                        if (o.isOpen() && c.products.contains(p.productId())) {
                            orders.add(CoinbaseWire.userOrder(p, o));
                        }
                    }
                    c.ws.writeTextMessage(snap.toString());
                }
            }
        } catch (Exception e) {
            error(c, "malformed message");
        }
    }

    private void error(Connection c, String message) {
        ObjectNode e = CoinbaseWire.JSON.createObjectNode();
        e.put("type", "error");
        e.put("message", message);
        c.ws.writeTextMessage(e.toString());
    }

    private ObjectNode envelope(Connection c, String channel) {
        ObjectNode m = CoinbaseWire.JSON.createObjectNode();
        m.put("channel", channel);
        m.put("client_id", "");
        m.put("timestamp", sandbox.clock.instant().toString());
        m.put("sequence_num", c.sequence.getAndIncrement());
        return m;
    }

    /** Called under the exchange lock for every order event. */
    void publish(SpotEvent e) {
        CoinbaseProduct p = sandbox.productOfMarket(e.order().market().key());
        for (Connection c : connections) {
            if (e.order().account().equals(c.keyName) && c.products.contains(p.productId())) {
                ObjectNode m = envelope(c, "user");
                ObjectNode event = m.putArray("events").addObject();
                event.put("type", "update");
                event.putArray("orders").add(CoinbaseWire.userOrder(p, e.order()));
                c.ws.writeTextMessage(m.toString());
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
        return (int) connections.stream().filter(c -> !c.products.isEmpty()).count();
    }
}
