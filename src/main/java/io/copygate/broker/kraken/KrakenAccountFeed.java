package io.copygate.broker.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.AccountFeed;
import io.copygate.broker.AccountFeedListener;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.ReconnectingWebSocket;
import io.copygate.signal.Fill;
import io.copygate.signal.Signal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kraken account's live events from WebSocket v2 {@code executions} (token from
 * {@code GetWebSocketsToken}, fetched at every connect since a token must be used within 15
 * minutes). After each subscription it catches up over REST before passing on live events:
 * {@code OpenOrders}, {@code ClosedOrders} and {@code TradesHistory} since the last event it saw.
 * Replays carry the same event ids; the feed drops those it already delivered. Orders already
 * working when the feed first started are not announced as new.
 */
public final class KrakenAccountFeed implements AccountFeed {
    private static final Logger LOG = LoggerFactory.getLogger(KrakenAccountFeed.class);

    private final BrokerAccount account;
    private final KrakenConfig config;
    private final KrakenSigner signer;
    private final KrakenClient client;
    private final Clock clock;
    private final KrakenEvents events = new KrakenEvents();
    private final Map<String, ObjectNode> orders = new HashMap<>();
    private final Set<String> delivered = java.util.Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 20_000;
        }
    });
    private final java.time.Instant startedAt;
    private volatile long cursorSeconds;
    private volatile ReconnectingWebSocket socket;
    private volatile AccountFeedListener listener;

    public KrakenAccountFeed(BrokerAccount account, KrakenClient client, Clock clock) {
        this.account = account;
        this.config = KrakenConfig.of(account);
        this.signer = KrakenSigner.of(account);
        this.client = client;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.cursorSeconds = startedAt.getEpochSecond() - 1;
    }

    @Override
    public void start(AccountFeedListener listener) {
        this.listener = listener;
        socket = ReconnectingWebSocket.builder("kraken-" + account.id(), config.wsUrl(), new Handler())
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(30))
                .heartbeat(Duration.ofSeconds(20), () -> "{\"method\":\"ping\"}")
                .idleTimeout(Duration.ofSeconds(60))
                .build();
        socket.start();
    }

    public void dropConnection() {
        ReconnectingWebSocket ws = socket;
        if (ws != null) {
            ws.dropConnection("dropped on request");
        }
    }

    @Override
    public void close() {
        ReconnectingWebSocket ws = socket;
        if (ws != null) {
            ws.close();
        }
    }

    private final class Handler implements ReconnectingWebSocket.Handler {
        @Override
        public void onOpen(ReconnectingWebSocket.Session session) {
            String token = client.privateCall(config, signer, "GetWebSocketsToken", Map.of(), false)
                    .path("token").asText();
            ObjectNode sub = KrakenClient.JSON.createObjectNode();
            sub.put("method", "subscribe");
            ObjectNode params = sub.putObject("params");
            params.put("channel", "executions");
            params.put("token", token);
            params.put("snap_orders", true);
            params.put("snap_trades", false);
            session.send(sub.toString());
        }

        @Override
        public void onText(ReconnectingWebSocket.Session session, String message) throws Exception {
            JsonNode m = KrakenClient.JSON.readTree(message);
            if ("subscribe".equals(m.path("method").asText())) {
                subscribed(m);
            } else if ("executions".equals(m.path("channel").asText())) {
                executions(m);
            }
        }

        @Override
        public void onDisconnect(String reason) {
            listener.onConnectionState("disconnected", reason);
        }
    }

    private void subscribed(JsonNode m) {
        if (!m.path("success").asBoolean()) {
            String why = m.path("error").asText();
            LOG.warn("kraken feed {}: subscription refused: {}", account.id(), why);
            listener.onConnectionState("failed", "subscription refused: " + why);
            dropConnection();
            return;
        }
        try {
            catchUp();
            listener.onConnectionState("connected", "subscribed, caught up");
        } catch (RuntimeException e) {
            LOG.warn("kraken feed {}: catch-up failed, reconnecting: {}", account.id(), e.getMessage());
            listener.onConnectionState("disconnected", "catch-up failed: " + e.getMessage());
            dropConnection();
        }
    }

    private synchronized void executions(JsonNode m) {
        boolean snapshot = "snapshot".equals(m.path("type").asText());
        for (JsonNode exec : m.path("data")) {
            String orderId = exec.path("order_id").asText();
            ObjectNode order = orders.computeIfAbsent(orderId, k -> KrakenClient.JSON.createObjectNode());
            boolean firstTrade = "trade".equals(exec.path("exec_type").asText()) && !order.has("traded");
            exec.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("exec_type") && !f.getKey().startsWith("last_")) {
                    order.set(f.getKey(), f.getValue());
                }
            });
            if (firstTrade) {
                order.put("traded", true);
            }
            JsonNode effective = exec;
            if (snapshot) {
                // a snapshot lists open orders: each stands for its "new"
                ObjectNode asNew = exec.deepCopy();
                asNew.put("exec_type", "new");
                effective = asNew;
            }
            events.signals(effective, order, firstTrade, account, clock.instant()).forEach(this::deliver);
            events.fill(effective, order, account).ifPresent(this::deliver);
            if (exec.hasNonNull("timestamp")) {
                cursorSeconds = Math.max(cursorSeconds, java.time.Instant.parse(exec.get("timestamp").asText())
                        .getEpochSecond() - 1);
            }
        }
    }

    /** Orders and trades since the cursor, oldest first, before live events resume. */
    private synchronized void catchUp() {
        long since = cursorSeconds;
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        collect(client.privateCall(config, signer, "OpenOrders", Map.of(), false).path("open"), found);
        collect(client.privateCall(config, signer, "ClosedOrders", Map.of("start", since), false).path("closed"), found);
        found.sort(Comparator.comparingDouble(e -> e.getValue().path("opentm").asDouble()));
        Map<String, String> clientIds = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : found) {
            JsonNode o = e.getValue();
            clientIds.put(e.getKey(), o.path("cl_ord_id").asText(null));
            remember(e.getKey(), o);
            events.signals(e.getKey(), o, account, clock.instant()).forEach(this::deliver);
        }
        List<Map.Entry<String, JsonNode>> trades = new ArrayList<>();
        collect(client.privateCall(config, signer, "TradesHistory", Map.of("start", since), false).path("trades"), trades);
        trades.sort(Comparator.comparingDouble(e -> e.getValue().path("time").asDouble()));
        for (Map.Entry<String, JsonNode> t : trades) {
            String orderId = t.getValue().path("ordertxid").asText();
            ObjectNode known = orders.get(orderId);
            String clientId = clientIds.getOrDefault(orderId, known == null ? null : known.path("cl_ord_id").asText(null));
            deliver(events.fill(t.getKey(), t.getValue(), clientId, account));
        }
    }

    /** Keeps a REST order's details so later stream events on it (cancel, trade) can be read. */
    private void remember(String txid, JsonNode o) {
        ObjectNode order = orders.computeIfAbsent(txid, k -> KrakenClient.JSON.createObjectNode());
        JsonNode d = o.path("descr");
        order.put("order_id", txid);
        order.put("symbol", d.path("pair").asText());
        order.put("side", d.path("type").asText());
        order.put("order_type", d.path("ordertype").asText());
        order.put("order_qty", o.path("vol").asText());
        if (o.hasNonNull("cl_ord_id")) {
            order.put("cl_ord_id", o.get("cl_ord_id").asText());
        }
        if (new java.math.BigDecimal(o.path("vol_exec").asText("0")).signum() > 0) {
            order.put("traded", true);
        }
    }

    private static void collect(JsonNode map, List<Map.Entry<String, JsonNode>> into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            into.add(it.next());
        }
    }

    private void deliver(Signal s) {
        if (s.kind() == io.copygate.signal.SignalKind.ORDER_NEW && s.sourceTime() != null
                && s.sourceTime().isBefore(startedAt.minusSeconds(1))) {
            return; // working before the feed started (snapshot, open orders): not a new trade to copy
        }
        if (delivered.add("s:" + s.sourceEventId())) {
            listener.onSignal(s);
        }
    }

    private void deliver(Fill f) {
        if (delivered.add("f:" + f.fillId())) {
            listener.onFill(f);
        }
    }
}
