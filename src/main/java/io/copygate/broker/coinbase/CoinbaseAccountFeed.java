package io.copygate.broker.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.AccountFeed;
import io.copygate.broker.AccountFeedListener;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.ReconnectingWebSocket;
import io.copygate.signal.Fill;
import io.copygate.signal.Signal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Coinbase account's live events from the Advanced Trade {@code user} channel (subscribe message
 * carrying a JWT without uri, plus {@code heartbeats} to keep the connection alive), for the
 * products in the {@code products} setting. After each subscription it catches up over REST before
 * live events: the products' orders created since the last event ({@code GET /orders/historical/batch})
 * and every order it still knows working ({@code GET /orders/historical/{id}}). Orders from before
 * the feed started are not copied; those still open then (the subscription's snapshot) are learned as
 * they stand, so what happens to them afterwards is read.
 */
public final class CoinbaseAccountFeed implements AccountFeed {
    private static final Logger LOG = LoggerFactory.getLogger(CoinbaseAccountFeed.class);
    private static final int PAGE = 250;

    private final BrokerAccount account;
    private final CoinbaseConfig config;
    private final CoinbaseAuth auth;
    private final CoinbaseClient client;
    private final Clock clock;
    private final CoinbaseEvents events = new CoinbaseEvents();
    private final Instant startedAt;
    private final Map<String, CoinbaseEvents.OrderView> views = new HashMap<>();
    /** When each order's view was taken (a REST read counts from the moment it was asked for). */
    private final Map<String, Instant> viewedAt = new HashMap<>();
    private volatile boolean caughtUpThisConnection;
    private final Set<String> delivered = java.util.Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 20_000;
        }
    });
    private volatile Instant lastEventAt;
    private volatile ReconnectingWebSocket socket;
    private volatile AccountFeedListener listener;

    public CoinbaseAccountFeed(BrokerAccount account, CoinbaseClient client, Clock clock) {
        this.account = account;
        this.config = CoinbaseConfig.of(account);
        if (config.products().isEmpty()) {
            throw new IllegalArgumentException("account " + account.id()
                    + ": setting 'products' must list the Coinbase products to follow (e.g. BTC-USD,ETH-USD)");
        }
        this.auth = CoinbaseAuth.of(account, clock);
        this.client = client;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.lastEventAt = startedAt;
    }

    @Override
    public void start(AccountFeedListener listener) {
        this.listener = listener;
        socket = ReconnectingWebSocket.builder("coinbase-" + account.id(), config.wsUrl(), new Handler())
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(30))
                .idleTimeout(Duration.ofSeconds(30)) // heartbeats arrive every second
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

    private String subscribe(String channel) {
        ObjectNode m = CoinbaseClient.JSON.createObjectNode();
        m.put("type", "subscribe");
        config.products().forEach(m.putArray("product_ids")::add);
        m.put("channel", channel);
        m.put("jwt", auth.webSocketToken());
        return m.toString();
    }

    private final class Handler implements ReconnectingWebSocket.Handler {
        @Override
        public void onOpen(ReconnectingWebSocket.Session session) {
            caughtUpThisConnection = false;
            session.send(subscribe("user"));
            session.send(subscribe("heartbeats"));
        }

        @Override
        public void onText(ReconnectingWebSocket.Session session, String message) throws Exception {
            JsonNode m = CoinbaseClient.JSON.readTree(message);
            if ("error".equals(m.path("type").asText())) {
                LOG.warn("coinbase feed {}: refused: {}", account.id(), m.path("message").asText());
                listener.onConnectionState("failed", "subscription refused: " + m.path("message").asText());
                dropConnection();
                return;
            }
            switch (m.path("channel").asText()) {
                case "subscriptions" -> {
                    // each subscribe is acknowledged; catch up once, after the user channel's
                    if (m.path("events").path(0).path("subscriptions").has("user") && !caughtUpThisConnection) {
                        caughtUpThisConnection = true;
                        subscribed();
                    }
                }
                case "user" -> user(m);
                default -> { }
            }
        }

        @Override
        public void onDisconnect(String reason) {
            listener.onConnectionState("disconnected", reason);
        }
    }

    private void subscribed() {
        try {
            catchUp();
            listener.onConnectionState("connected", "subscribed, caught up");
        } catch (RuntimeException e) {
            LOG.warn("coinbase feed {}: catch-up failed, reconnecting: {}", account.id(), e.getMessage());
            listener.onConnectionState("disconnected", "catch-up failed: " + e.getMessage());
            dropConnection();
        }
    }

    private synchronized void user(JsonNode m) {
        Instant at = m.hasNonNull("timestamp") ? Instant.parse(m.get("timestamp").asText()) : clock.instant();
        for (JsonNode event : m.path("events")) {
            for (JsonNode o : event.path("orders")) {
                observe(CoinbaseEvents.fromUserChannel(o), at, false);
            }
        }
        if (at.isAfter(lastEventAt)) {
            lastEventAt = at;
        }
    }

    /** The products' orders since the last event, and every order still known working. */
    private synchronized void catchUp() {
        Instant asked = clock.instant();
        Instant since = lastEventAt.minusSeconds(60).isBefore(startedAt) ? startedAt : lastEventAt.minusSeconds(60);
        Map<String, JsonNode> found = new LinkedHashMap<>();
        for (String product : config.products()) {
            String base = "product_ids=" + product + "&start_date=" + URLEncoder.encode(since.toString(),
                    StandardCharsets.UTF_8) + "&limit=" + PAGE;
            String cursor = null;
            do {
                JsonNode answer = client.get(config, auth, "/orders/historical/batch",
                        base + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
                answer.path("orders").forEach(o -> found.put(o.path("order_id").asText(), o));
                cursor = answer.path("has_next").asBoolean(false) ? answer.path("cursor").asText() : null;
            } while (cursor != null);
        }
        for (CoinbaseEvents.OrderView v : new ArrayList<>(views.values())) {
            boolean working = "OPEN".equals(v.status()) || "PENDING".equals(v.status());
            if (working && !found.containsKey(v.orderId())) {
                found.put(v.orderId(), client.get(config, auth, "/orders/historical/" + v.orderId(), null).path("order"));
            }
        }
        List<CoinbaseEvents.OrderView> ordered = new ArrayList<>();
        found.values().forEach(o -> ordered.add(CoinbaseEvents.fromRest(o)));
        ordered.sort(Comparator.comparing(CoinbaseEvents.OrderView::created,
                Comparator.nullsLast(Comparator.naturalOrder())));
        ordered.forEach(v -> observe(v, asked, true));
    }

    private void observe(CoinbaseEvents.OrderView now, Instant at, boolean fromRest) {
        CoinbaseEvents.OrderView before = views.get(now.orderId());
        if (before == null && now.created() != null && now.created().isBefore(startedAt.minusSeconds(1))) {
            // placed before the feed started (as the Alpaca feed): never announced as new, but an order
            // still open is learned as it stands, so its later fills, edits and cancel are read
            if ("OPEN".equals(now.status()) || "PENDING".equals(now.status())) {
                views.put(now.orderId(), now);
                viewedAt.put(now.orderId(), at);
            }
            return;
        }
        if (before != null && isStale(before, viewedAt.get(now.orderId()), now, at, fromRest)) {
            return;
        }
        viewedAt.put(now.orderId(), at);
        CoinbaseEvents.Changes changes = events.changes(before, now, account, at, clock.instant());
        views.put(now.orderId(), now);
        changes.signals().forEach(this::deliver);
        changes.fills().forEach(this::deliver);
    }

    /**
     * A live update queued behind a REST catch-up may be older than what the catch-up already saw:
     * one sent before that read was asked for is, and an order never leaves a final state or
     * un-fills.
     */
    private static boolean isStale(CoinbaseEvents.OrderView before, Instant beforeAt, CoinbaseEvents.OrderView now,
                                   Instant at, boolean fromRest) {
        if (!fromRest && beforeAt != null && at.isBefore(beforeAt)) {
            return true;
        }
        boolean finalBefore = Set.of("FILLED", "CANCELLED", "EXPIRED", "FAILED").contains(before.status());
        return (finalBefore && !before.status().equals(now.status())) || now.filled().compareTo(before.filled()) < 0;
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
