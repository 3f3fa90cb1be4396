package io.copygate.broker.alpaca;

import static io.copygate.broker.alpaca.AlpacaClient.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.AccountFeed;
import io.copygate.broker.AccountFeedListener;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.ReconnectingWebSocket;
import io.copygate.broker.alpaca.AlpacaClient.Call;
import io.copygate.broker.alpaca.AlpacaEvents.Context;
import io.copygate.signal.Signal;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Alpaca account's order events: the trade_updates stream ({@code auth}, then {@code listen}),
 * and after every (re)connect a REST catch-up of the orders submitted since the newest one seen
 * (and of every order still open), so nothing that happened while disconnected is missed. Stream and
 * catch-up feed the same event handling and share one set of delivered event ids, so every master
 * event becomes exactly one signal however often it is read. {@link #poll()} runs the catch-up on
 * demand, as the fallback when the stream is down (or the only source with setting {@code feed=poll}).
 */
public final class AlpacaAccountFeed implements AccountFeed {
    private static final Logger LOG = LoggerFactory.getLogger(AlpacaAccountFeed.class);
    private static final String LISTEN = "{\"action\":\"listen\",\"data\":{\"streams\":[\"trade_updates\"]}}";
    private static final int PAGE = 500;
    private static final int REMEMBERED = 100_000;
    /** Catch-up reads this much before its cursor: order times and the cursor come from different clocks. */
    private static final Duration OVERLAP = Duration.ofSeconds(1);

    private final BrokerAccount account;
    private final AlpacaClient client;
    private final AlpacaFeedSettings settings;
    private final AlpacaConfig config;
    private volatile AccountFeedListener listener;
    private volatile ReconnectingWebSocket socket;
    private volatile boolean awaitingListenAck;

    // what the feed knows, guarded by this
    private final Set<String> delivered = Collections.newSetFromMap(remembered());
    private final Map<String, FillState> filled = remembered();
    private final Map<String, String> rootOf = remembered();
    private final Map<String, Boolean> isParent = remembered();
    private final Map<String, Instant> openOrders = new HashMap<>();
    private Instant newestSubmission;
    private boolean seeded;

    private record FillState(BigDecimal qty, BigDecimal avgPrice) {
    }

    /** The execution a stream event reports; a catch-up has none and derives it from the order. */
    private record Execution(BigDecimal qty, BigDecimal price, Instant time) {
    }

    AlpacaAccountFeed(BrokerAccount account, AlpacaClient client, AlpacaFeedSettings settings) {
        this.account = account;
        this.client = client;
        this.settings = settings;
        this.config = AlpacaConfig.of(account);
    }

    @Override
    public void start(AccountFeedListener listener) {
        synchronized (this) {
            if (this.listener != null) {
                throw new IllegalStateException("the Alpaca feed of account " + account.id() + " is already started");
            }
            this.listener = listener;
            newestSubmission = Instant.now().minus(settings.restartLookback());
        }
        if ("poll".equals(account.setting("feed", "stream"))) {
            return;
        }
        socket = ReconnectingWebSocket.builder("alpaca-" + account.id(), config.streamUri(), new StreamHandler())
                .backoff(settings.initialBackoff(), settings.maxBackoff())
                .heartbeat(settings.keepAlive(), () -> LISTEN)
                .idleTimeout(settings.idleTimeout())
                .build();
        socket.start();
    }

    /** Reads the orders changed since the last event seen and delivers what was missed. Safe to call any time after {@link #start}. */
    public void poll() {
        if (listener == null) {
            throw new IllegalStateException("start the Alpaca feed of account " + account.id() + " before polling it");
        }
        catchUp();
    }

    /** True while the stream is connected (for health checks). */
    public boolean isConnected() {
        ReconnectingWebSocket ws = socket;
        return ws != null && ws.isConnected();
    }

    @Override
    public void close() {
        ReconnectingWebSocket ws = socket;
        if (ws != null) {
            ws.close();
        }
    }

    // ---------------------------------------------------------------- stream

    private final class StreamHandler implements ReconnectingWebSocket.Handler {
        @Override
        public void onOpen(ReconnectingWebSocket.Session session) {
            awaitingListenAck = true;
            session.send(AlpacaAuth.streamAuthMessage(account));
        }

        @Override
        public void onText(ReconnectingWebSocket.Session session, String text) {
            JsonNode message = AlpacaJson.read(text);
            JsonNode data = message.path("data");
            switch (message.path("stream").asText("")) {
                case "authorization" -> {
                    if ("authorized".equals(data.path("status").asText())) {
                        session.send(LISTEN);
                    } else if ("authenticate".equals(data.path("action").asText())) {
                        refused();
                    }
                }
                case "listening" -> {
                    if (awaitingListenAck && data.path("streams").toString().contains("\"trade_updates\"")) {
                        awaitingListenAck = false;
                        guarded(() -> {
                            catchUp();
                            listener.onConnectionState("connected", "listening to trade_updates of " + config.streamUri());
                        });
                    }
                }
                case "trade_updates" -> guarded(() -> onTradeUpdate(data, text));
                default -> LOG.debug("alpaca feed {}: ignored a {} message", account.id(), message.path("stream").asText());
            }
        }

        @Override
        public void onDisconnect(String reason) {
            listener.onConnectionState("disconnected", reason);
        }
    }

    /** A failure to deliver must not lose the event: reconnect, and the catch-up reads it again. */
    private void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("alpaca feed {}: {}; reconnecting to catch up", account.id(), e.toString());
            listener.onConnectionState("error", e.getMessage());
            ReconnectingWebSocket ws = socket;
            if (ws != null) {
                ws.dropConnection("delivery failed: " + e.getMessage());
            }
        }
    }

    private void refused() {
        LOG.error("alpaca feed {}: Alpaca refused the account's key pair on the stream; the feed stops", account.id());
        listener.onConnectionState("failed", "Alpaca refused the account's key pair (stream authorization unauthorized)");
        close();
    }

    private synchronized void onTradeUpdate(JsonNode data, String raw) {
        String event = data.path("event").asText();
        JsonNode order = data.path("order");
        Execution execution = null;
        if (data.hasNonNull("qty") && data.hasNonNull("price")) {
            Instant time = AlpacaJson.time(data, "timestamp");
            execution = new Execution(AlpacaJson.decimal(data, "qty"), AlpacaJson.decimal(data, "price"),
                    time != null ? time : AlpacaEvents.fillTime(order));
        }
        learnGroup(order);
        handle(new Context(account, Instant.now(), raw), event, order, execution, Map.of());
        track(order);
    }

    // ---------------------------------------------------------------- catch-up

    private synchronized void catchUp() {
        Instant after = newestSubmission;
        for (Instant submitted : openOrders.values()) {
            if (submitted.isBefore(after)) {
                after = submitted;
            }
        }
        Instant windowStart = after.minus(OVERLAP);
        String first = "/v2/orders?status=all&after=" + encode(windowStart.toString())
                + "&direction=asc&nested=true&limit=" + PAGE;
        forEachPage(first, "all", (order, page) -> {
            learnGroup(order);
            Context c = new Context(account, Instant.now(), AlpacaJson.write(order));
            for (String event : AlpacaEvents.impliedEvents(order)) {
                handle(c, event, order, null, page);
            }
            for (JsonNode leg : order.path("legs")) {
                for (String event : AlpacaEvents.impliedEvents(leg)) {
                    handle(c, event, leg, null, page);
                }
            }
            track(order);
        });
        if (!seeded) {
            // orders placed before the window are not replayed, but their later fills and ends must be seen;
            // newer ones are the window's or the stream's (an order placed during the catch-up has its new event queued)
            forEachPage("/v2/orders?status=open&direction=asc&nested=true&limit=" + PAGE, "open", (order, page) -> {
                Instant submitted = AlpacaJson.time(order, "submitted_at");
                if (submitted != null && !submitted.isAfter(windowStart)) {
                    remember(order);
                    order.path("legs").forEach(this::remember);
                }
            });
            seeded = true;
        }
    }

    private interface OrderVisitor {
        void visit(JsonNode order, Map<String, JsonNode> page);
    }

    private void forEachPage(String firstQuery, String status, OrderVisitor visitor) {
        String query = firstQuery;
        while (true) {
            JsonNode list = await(client.send(account, Call.get(query), false));
            Map<String, JsonNode> page = new HashMap<>();
            list.forEach(o -> page.put(AlpacaJson.text(o, "id"), o));
            list.forEach(o -> visitor.visit(o, page));
            if (list.size() < PAGE) {
                return;
            }
            query = "/v2/orders?status=" + status + "&after_order_id=" + AlpacaJson.text(list.get(list.size() - 1), "id")
                    + "&direction=asc&nested=true&limit=" + PAGE;
        }
    }

    /** Tracks an order without delivering its past: its arrival counts as seen, its current fill state is the baseline. */
    private void remember(JsonNode order) {
        String id = AlpacaJson.text(order, "id");
        if (!openOrders.containsKey(id) && !filled.containsKey(id)) {
            delivered.add(AlpacaEvents.eventId(order, "new"));
            BigDecimal qty = AlpacaJson.decimal(order, "filled_qty");
            filled.put(id, new FillState(qty == null ? BigDecimal.ZERO : qty, AlpacaJson.decimal(order, "filled_avg_price")));
            openOrders.put(id, AlpacaJson.time(order, "submitted_at"));
        }
    }

    /** Moves the cursor and the open-order set after an order was handled. */
    private void track(JsonNode order) {
        String id = AlpacaJson.text(order, "id");
        Instant submitted = AlpacaJson.time(order, "submitted_at");
        if (submitted != null && submitted.isAfter(newestSubmission)) {
            newestSubmission = submitted;
        }
        if (AlpacaEvents.isFinal(order)) {
            openOrders.remove(id);
        } else if (submitted != null) {
            openOrders.put(id, submitted);
        }
        order.path("legs").forEach(this::track);
    }

    // ---------------------------------------------------------------- events, from the stream or the catch-up

    private void handle(Context c, String event, JsonNode order, Execution execution, Map<String, JsonNode> page) {
        switch (event) {
            case "new" -> {
                String id = AlpacaEvents.eventId(order, "new");
                if (delivered.contains(id) || order.hasNonNull("replaces") || isLeg(order)) {
                    return; // a replacement's arrival is the modify of its predecessor; legs are part of their parent
                }
                JsonNode full = AlpacaEvents.isAdvanced(order) && !AlpacaEvents.hasLegs(order) ? fetch(AlpacaJson.text(order, "id")) : order;
                Signal signal = AlpacaEvents.newOrder(c, full, AlpacaJson.text(order, "id"));
                if (signal == null) {
                    LOG.warn("alpaca feed {}: master order {} ({} {} {}) has a shape copygate does not copy",
                            account.id(), order.path("id").asText(), order.path("type").asText(),
                            order.path("time_in_force").asText(), order.hasNonNull("notional") ? "notional" : "qty");
                    delivered.add(id);
                    return;
                }
                deliver(signal);
            }
            case "fill", "partial_fill" -> fill(c, order, execution);
            case "replaced" -> {
                String id = AlpacaEvents.eventId(order, "replaced");
                if (delivered.contains(id)) {
                    return;
                }
                if (isLeg(order)) {
                    LOG.info("alpaca feed {}: the master moved exit leg {}; followers keep their own exits",
                            account.id(), order.path("id").asText());
                    delivered.add(id);
                    return;
                }
                String replacedBy = AlpacaJson.text(order, "replaced_by");
                JsonNode replacement = page.containsKey(replacedBy) ? page.get(replacedBy) : fetch(replacedBy);
                String root = root(order);
                rootOf.put(replacedBy, root);
                deliver(AlpacaEvents.modify(c, order, replacement, root));
            }
            case "canceled", "expired", "rejected" -> {
                String id = AlpacaEvents.eventId(order, event);
                if (delivered.contains(id) || isLeg(order)) {
                    return; // a leg ends with its group: the parent's own end is the signal
                }
                deliver(AlpacaEvents.cancel(c, order, event, root(order)));
            }
            default -> { } // pending_new, held, done_for_day...: no change a follower must copy
        }
    }

    private void fill(Context c, JsonNode order, Execution execution) {
        String id = AlpacaJson.text(order, "id");
        BigDecimal cumulative = AlpacaJson.decimal(order, "filled_qty");
        FillState before = filled.getOrDefault(id, new FillState(BigDecimal.ZERO, null));
        if (cumulative == null || cumulative.compareTo(before.qty()) <= 0 || delivered.contains(AlpacaEvents.fillId(order))) {
            return;
        }
        BigDecimal avg = AlpacaJson.decimal(order, "filled_avg_price");
        BigDecimal qty = execution != null ? execution.qty() : cumulative.subtract(before.qty());
        BigDecimal price = execution != null ? execution.price()
                : AlpacaEvents.priceBetween(before.qty(), before.avgPrice(), cumulative, avg);
        Instant time = execution != null ? execution.time() : AlpacaEvents.fillTime(order);
        deliver(AlpacaEvents.fill(c, order, qty, price, time, root(order)));
        listener.onFill(AlpacaEvents.fillRecord(c, order, qty, price, time));
        filled.put(id, new FillState(cumulative, avg));
    }

    /** Delivered ids are recorded only after the listener took the signal: a failed delivery is read again. */
    private void deliver(Signal signal) {
        listener.onSignal(signal);
        delivered.add(signal.sourceEventId());
    }

    /** A parent read with its legs tells which orders of its group are legs. */
    private void learnGroup(JsonNode order) {
        if (AlpacaEvents.isAdvanced(order) && AlpacaEvents.hasLegs(order)) {
            isParent.put(AlpacaJson.text(order, "id"), true);
            order.path("legs").forEach(leg -> isParent.put(AlpacaJson.text(leg, "id"), false));
        }
    }

    /**
     * Whether an order is an exit leg of a bracket/OCO/OTO rather than its parent. Parents carry
     * their legs when read nested; when an order of such a class comes without legs, Alpaca is asked.
     */
    private boolean isLeg(JsonNode order) {
        if (!AlpacaEvents.isAdvanced(order)) {
            return false;
        }
        learnGroup(order);
        String id = AlpacaJson.text(order, "id");
        Boolean parent = isParent.get(id);
        if (parent == null) {
            parent = AlpacaEvents.hasLegs(fetch(id));
            isParent.put(id, parent);
        }
        return !parent;
    }

    /** The first order of the replace chain this order belongs to. */
    private String root(JsonNode order) {
        String id = AlpacaJson.text(order, "id");
        String replaces = AlpacaJson.text(order, "replaces");
        if (replaces == null) {
            return id;
        }
        String known = rootOf.get(id);
        if (known != null) {
            return known;
        }
        String root = rootOf.containsKey(replaces) ? rootOf.get(replaces) : root(fetch(replaces));
        rootOf.put(id, root);
        return root;
    }

    private JsonNode fetch(String orderId) {
        return await(client.send(account, Call.get("/v2/orders/" + orderId + "?nested=true"), false));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static <K, V> Map<K, V> remembered() {
        return new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }
}
