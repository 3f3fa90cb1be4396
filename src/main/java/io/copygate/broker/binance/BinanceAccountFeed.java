package io.copygate.broker.binance;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Binance account's live events from the WebSocket API user data stream
 * ({@code userDataStream.subscribe.signature}, signed with the account's HMAC or Ed25519 key; the
 * listenKey endpoints were retired in February 2026). After every (re)subscription it catches up
 * over REST before passing on live events: {@code allOrders} from the oldest order it still knows
 * open (or the last one it saw) and {@code myTrades} from the last trade id, per symbol (the
 * {@code symbols} setting plus every symbol seen). Replays carry the same event ids; the feed drops
 * those it already delivered and the journal drops the rest.
 *
 * <p>A new feed copies nothing from before its start (as the Alpaca feed): at its first subscription it
 * learns the orders still open ({@code openOrders}) as they stand, so their later fills and cancels are
 * read, and a catch-up signal dated before the start (an order read back from earlier in the day) is
 * history, never a new trade. (Live stream events are never history, whatever the clocks say.)
 */
public final class BinanceAccountFeed implements AccountFeed {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceAccountFeed.class);
    private static final int PAGE = 1000;

    private final BrokerAccount account;
    private final BinanceConfig config;
    private final BinanceSigner signer;
    private final BinanceClient client;
    private final Clock clock;
    private final BinanceEvents events = new BinanceEvents();
    private final long startedAtMs;
    private final Set<String> delivered = java.util.Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 20_000;
        }
    });
    /** Per symbol: order ids announced and not finished, the last order id and trade id seen. */
    private final Map<String, TreeSet<Long>> openOrders = new HashMap<>();
    private final Map<String, Long> lastOrderId = new HashMap<>();
    private final Map<String, Long> lastTradeId = new HashMap<>();
    private final Map<Long, String> clientIds = new HashMap<>();
    private volatile ReconnectingWebSocket socket;
    private volatile AccountFeedListener listener;
    private volatile String pendingSubscribe;
    private boolean learnedOpenOrders;

    public BinanceAccountFeed(BrokerAccount account, BinanceClient client, Clock clock) {
        this.account = account;
        this.config = BinanceConfig.of(account);
        this.signer = BinanceSigner.of(account);
        this.client = client;
        this.clock = clock;
        this.startedAtMs = clock.millis();
        for (String s : config.feedSymbols()) {
            openOrders.put(s, new TreeSet<>());
        }
    }

    @Override
    public void start(AccountFeedListener listener) {
        this.listener = listener;
        socket = ReconnectingWebSocket.builder("binance-" + account.id(), config.wsApi(), new Handler())
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(30))
                .idleTimeout(Duration.ofSeconds(90)) // Binance pings every 20 s
                .build();
        socket.start();
    }

    /** Drops the connection as a network failure would (the feed reconnects and catches up). */
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

    /** The subscribe request: params sorted by name, signed as {@code apiKey=…&timestamp=…}. */
    String subscribeRequest(String id) {
        Map<String, String> params = new TreeMap<>();
        params.put("apiKey", signer.apiKey());
        params.put("timestamp", Long.toString(clock.millis()));
        StringBuilder payload = new StringBuilder();
        params.forEach((k, v) -> payload.append(payload.length() == 0 ? "" : "&").append(k).append('=').append(v));
        ObjectNode request = BinanceClient.JSON.createObjectNode();
        request.put("id", id);
        request.put("method", "userDataStream.subscribe.signature");
        ObjectNode p = request.putObject("params");
        p.put("apiKey", signer.apiKey());
        p.put("timestamp", Long.parseLong(params.get("timestamp")));
        p.put("signature", signer.sign(payload.toString()));
        return request.toString();
    }

    private final class Handler implements ReconnectingWebSocket.Handler {
        @Override
        public void onOpen(ReconnectingWebSocket.Session session) {
            String id = UUID.randomUUID().toString();
            pendingSubscribe = id;
            session.send(subscribeRequest(id));
        }

        @Override
        public void onText(ReconnectingWebSocket.Session session, String message) throws Exception {
            JsonNode m = BinanceClient.JSON.readTree(message);
            if (m.has("id") && m.has("status")) {
                answered(m);
                return;
            }
            JsonNode event = m.path("event");
            switch (event.path("e").asText()) {
                case "executionReport" -> live(event);
                case "eventStreamTerminated" -> dropConnection();
                default -> { }
            }
        }

        @Override
        public void onDisconnect(String reason) {
            listener.onConnectionState("disconnected", reason);
        }
    }

    private void answered(JsonNode m) {
        if (!m.path("id").asText().equals(pendingSubscribe)) {
            return;
        }
        if (m.path("status").asInt() != 200) {
            String why = m.path("error").path("code").asText() + " " + m.path("error").path("msg").asText();
            LOG.warn("binance feed {}: subscription refused: {}", account.id(), why);
            listener.onConnectionState("failed", "subscription refused: " + why);
            dropConnection();
            return;
        }
        try {
            catchUp();
            listener.onConnectionState("connected", "subscribed, caught up");
        } catch (RuntimeException e) {
            LOG.warn("binance feed {}: catch-up failed, reconnecting: {}", account.id(), e.getMessage());
            listener.onConnectionState("disconnected", "catch-up failed: " + e.getMessage());
            dropConnection();
        }
    }

    private synchronized void live(JsonNode e) {
        String symbol = e.path("s").asText();
        long orderId = e.path("i").asLong();
        String status = e.path("X").asText();
        clientIds.put(orderId, "CANCELED".equals(e.path("x").asText()) ? e.path("C").asText() : e.path("c").asText());
        lastOrderId.merge(symbol, orderId, Math::max);
        TreeSet<Long> open = openOrders.computeIfAbsent(symbol, k -> new TreeSet<>());
        if ("NEW".equals(status) || "PARTIALLY_FILLED".equals(status)) {
            open.add(orderId);
        } else {
            open.remove(orderId);
        }
        if ("TRADE".equals(e.path("x").asText())) {
            lastTradeId.merge(symbol, e.path("t").asLong(), Math::max);
        }
        events.signal(e, account, clock.instant()).ifPresent(this::deliver);
        events.fill(e, account).ifPresent(this::deliver);
    }

    /** Orders and trades the stream may have missed while it was down, oldest first. */
    private synchronized void catchUp() {
        if (!learnedOpenOrders) {
            learnOpenOrders();
        }
        List<String> symbols = new ArrayList<>(openOrders.keySet());
        for (String symbol : symbols) {
            TreeSet<Long> open = openOrders.get(symbol);
            Map<String, String> p = new LinkedHashMap<>();
            p.put("symbol", symbol);
            Long last = lastOrderId.get(symbol);
            if (!open.isEmpty()) {
                p.put("orderId", Long.toString(last == null ? open.first() : Math.min(open.first(), last + 1)));
            } else if (last != null) {
                p.put("orderId", Long.toString(last + 1));
            } else {
                p.put("startTime", Long.toString(startedAtMs));
            }
            p.put("limit", Integer.toString(PAGE));
            for (JsonNode order : client.signed(config, signer, "GET", "/api/v3/allOrders", p, false)) {
                long id = order.path("orderId").asLong();
                clientIds.put(id, order.path("clientOrderId").asText());
                lastOrderId.merge(symbol, id, Math::max);
                String status = order.path("status").asText();
                if ("NEW".equals(status) || "PARTIALLY_FILLED".equals(status)) {
                    open.add(id);
                } else {
                    open.remove(id);
                }
                events.signals(order, account, clock.instant()).stream()
                        .filter(s -> s.sourceTime() == null || s.sourceTime().toEpochMilli() >= startedAtMs - 1000)
                        .forEach(this::deliver); // one dated before the feed started is the day's history, not a new trade
            }
            Map<String, String> t = new LinkedHashMap<>();
            t.put("symbol", symbol);
            Long lastTrade = lastTradeId.get(symbol);
            if (lastTrade != null) {
                t.put("fromId", Long.toString(lastTrade + 1));
            } else {
                t.put("startTime", Long.toString(startedAtMs));
            }
            t.put("limit", Integer.toString(PAGE));
            for (JsonNode trade : client.signed(config, signer, "GET", "/api/v3/myTrades", t, false)) {
                lastTradeId.merge(symbol, trade.path("id").asLong(), Math::max);
                deliver(events.fill(trade, account, clientIds.get(trade.path("orderId").asLong())));
            }
        }
    }

    /** The orders open when the feed starts: tracked from here on, never announced as new. */
    private void learnOpenOrders() {
        for (String symbol : new ArrayList<>(openOrders.keySet())) {
            for (JsonNode order : client.signed(config, signer, "GET", "/api/v3/openOrders", Map.of("symbol", symbol), false)) {
                long id = order.path("orderId").asLong();
                clientIds.put(id, order.path("clientOrderId").asText());
                openOrders.get(symbol).add(id);
                lastOrderId.merge(symbol, id, Math::max);
                delivered.add("s:" + id + ":NEW");
            }
        }
        learnedOpenOrders = true;
    }

    private void deliver(Signal s) {
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
