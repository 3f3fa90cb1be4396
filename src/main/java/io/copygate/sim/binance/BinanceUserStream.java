package io.copygate.sim.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.sim.spot.SpotEvent;
import io.vertx.core.http.ServerWebSocket;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Binance sandbox's WebSocket API ({@code /ws-api/v3}) as far as user data goes:
 * {@code session.logon} (Ed25519 keys only), {@code userDataStream.subscribe} (after logon),
 * {@code userDataStream.subscribe.signature} (any key type; params sorted by name and signed),
 * {@code userDataStream.unsubscribe} and {@code ping}. Events arrive as
 * {@code {"subscriptionId":n,"event":{...}}}.
 */
final class BinanceUserStream {
    private static final class Connection {
        final ServerWebSocket ws;
        final Map<Integer, String> subscriptions = new ConcurrentHashMap<>(); // subscriptionId → apiKey
        volatile String loggedOn;
        int nextId;

        Connection(ServerWebSocket ws) {
            this.ws = ws;
        }
    }

    private final BinanceSandbox sandbox;
    private final BinanceAuth auth;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile String cancelClientId;
    volatile boolean refusing;

    BinanceUserStream(BinanceSandbox sandbox) {
        this.sandbox = sandbox;
        this.auth = new BinanceAuth(sandbox.accounts, sandbox.clock);
    }

    void accept(ServerWebSocket ws) {
        if (!"/ws-api/v3".equals(ws.path()) || refusing) {
            ws.reject(refusing ? 503 : 404);
            return;
        }
        Connection c = new Connection(ws);
        connections.add(c);
        ws.closeHandler(v -> connections.remove(c));
        ws.textMessageHandler(text -> request(c, text));
    }

    private void request(Connection c, String text) {
        String id = null;
        try {
            JsonNode m = BinanceWire.JSON.readTree(text);
            id = m.path("id").asText(null);
            JsonNode params = m.path("params");
            ObjectNode result = BinanceWire.JSON.createObjectNode();
            switch (m.path("method").asText()) {
                case "ping" -> { }
                case "session.logon" -> {
                    BinanceSandbox.Account a = signed(params);
                    if (a.ed25519() == null) {
                        throw new BinanceError(400, -4056, "HMAC_SHA256 API key is not supported.");
                    }
                    c.loggedOn = a.apiKey();
                    result.put("apiKey", a.apiKey());
                    result.put("authorizedSince", sandbox.clock.millis());
                    result.put("serverTime", sandbox.clock.millis());
                }
                case "userDataStream.subscribe" -> {
                    if (c.loggedOn == null) {
                        throw new BinanceError(401, -2015, "Invalid API-key, IP, or permissions for action.");
                    }
                    result.put("subscriptionId", subscribe(c, c.loggedOn));
                }
                case "userDataStream.subscribe.signature" -> result.put("subscriptionId", subscribe(c, signed(params).apiKey()));
                case "userDataStream.unsubscribe" -> {
                    if (params.has("subscriptionId")) {
                        c.subscriptions.remove(params.get("subscriptionId").asInt());
                    } else {
                        c.subscriptions.clear();
                    }
                }
                default -> throw new BinanceError(400, -1020, "This operation is not supported.");
            }
            ObjectNode answer = BinanceWire.JSON.createObjectNode();
            answer.put("id", id);
            answer.put("status", 200);
            answer.set("result", result);
            c.ws.writeTextMessage(answer.toString());
        } catch (BinanceError e) {
            ObjectNode answer = BinanceWire.JSON.createObjectNode();
            answer.put("id", id);
            answer.put("status", e.status);
            answer.putObject("error").put("code", e.code).put("msg", e.getMessage());
            c.ws.writeTextMessage(answer.toString());
        } catch (Exception e) {
            ObjectNode answer = BinanceWire.JSON.createObjectNode();
            answer.putNull("id");
            answer.put("status", 400);
            answer.putObject("error").put("code", -1102).put("msg", "Malformed request.");
            c.ws.writeTextMessage(answer.toString());
        }
    }

    /** Checks a signed WebSocket request: the params except {@code signature}, sorted by name, {@code k=v&…}. */
    private BinanceSandbox.Account signed(JsonNode params) {
        String apiKey = params.path("apiKey").asText(null);
        if (apiKey == null) {
            throw BinanceError.mandatory("apiKey");
        }
        BinanceSandbox.Account a = auth.account(apiKey);
        auth.checkTime(params.path("timestamp").asText(null), params.has("recvWindow")
                ? params.get("recvWindow").asText() : null);
        Map<String, String> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals("signature")) {
                sorted.put(f.getKey(), f.getValue().asText());
            }
        }
        StringBuilder payload = new StringBuilder();
        sorted.forEach((k, v) -> payload.append(payload.length() == 0 ? "" : "&").append(k).append('=').append(v));
        auth.checkSignature(a, payload.toString(), params.path("signature").asText(null));
        return a;
    }

    private int subscribe(Connection c, String apiKey) {
        synchronized (c) {
            int id = c.nextId++;
            c.subscriptions.put(id, apiKey);
            return id;
        }
    }

    /** The next cancel event carries this client id in {@code c} (Binance: the cancel request's own id). */
    void cancelClientId(String id) {
        cancelClientId = id;
    }

    /** Called under the exchange lock for every order event. */
    void publish(SpotEvent e) {
        String cancelId = cancelClientId;
        if (e.kind() == SpotEvent.Kind.CANCELED) {
            cancelClientId = null;
        }
        BinanceSymbol s = sandbox.symbolOfMarket(e.order().market().key());
        ObjectNode report = BinanceWire.executionReport(s, e, cancelId == null ? "x-cancel" : cancelId,
                sandbox.clock.instant());
        for (Connection c : connections) {
            c.subscriptions.forEach((subId, apiKey) -> {
                if (apiKey.equals(e.order().account())) {
                    ObjectNode wrapped = BinanceWire.JSON.createObjectNode();
                    wrapped.put("subscriptionId", subId);
                    wrapped.set("event", report);
                    c.ws.writeTextMessage(wrapped.toString());
                }
            });
        }
    }

    void dropAll() {
        for (Connection c : connections) {
            connections.remove(c);
            c.ws.close((short) 1001, "going away");
        }
    }

    int subscribedConnections() {
        return (int) connections.stream().filter(c -> !c.subscriptions.isEmpty()).count();
    }
}
