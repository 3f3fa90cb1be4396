package io.copygate.broker.tradovate;

import io.copygate.broker.BrokerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.signal.Fill;
import io.copygate.signal.Instrument;
import io.copygate.signal.Signal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's orders as the WebSocket reports them, and the signals they produce, each once.
 *
 * <p>Tradovate spreads an order over entities: {@code order} (side, contract, status),
 * {@code orderVersion} (quantity, type, prices; one more per modify), {@code command} (the
 * {@code clOrdId}), {@code executionReport}, {@code fill}. The tracker joins them and emits:
 * ORDER_NEW once the order is live (Working or filled; an order still pending, suspended as an
 * unfired bracket, or rejected is not copied), ORDER_MODIFY for every later version, FILL per fill,
 * ORDER_CANCEL when it is cancelled or expires. A re-sync after a reconnect replays the account's
 * snapshot through the same path, so only what was not yet emitted comes out. An event counts as
 * emitted only after the sink took it: a sink failure propagates and the feed re-syncs.
 *
 * <p>History is learned, not copied: an order placed before {@code historyBefore} (the feed's start,
 * less a second for clock skew) is taken as it stands when first seen; its arrival, versions and fills
 * so far count as emitted (fills still go to the sink as {@code Fill}s: their ids are Tradovate's, so
 * positions stay right and a repeat is dropped). What happens to it afterwards becomes signals. An
 * order already cancelled when first seen still gives its ORDER_CANCEL, so a copy left working while
 * the gateway was down goes too.
 */
final class TradovateOrderTracker {
    private static final Logger LOG = LoggerFactory.getLogger(TradovateOrderTracker.class);
    private static final Set<String> LIVE = Set.of("Working", "Filled", "Completed", "PendingCancel", "PendingReplace");
    private static final Set<String> DEAD = Set.of("Canceled", "Expired");
    private static final Set<String> FINAL = Set.of("Canceled", "Expired", "Rejected", "Filled", "Completed");
    private static final int REMEMBERED = 100_000;

    interface Sink {
        void signal(Signal signal);

        void fill(Fill fill);
    }

    private final BrokerAccount account;
    private final long accountId;
    private final TradovateSymbolCodec codec;
    private final LongFunction<String> contractLookup;
    private final Sink sink;
    private final java.time.Instant historyBefore;
    private final Set<Long> known = new java.util.HashSet<>();

    private final Map<Long, JsonNode> orders = new HashMap<>();
    private final Map<Long, TreeMap<Long, JsonNode>> versions = new HashMap<>();
    private final Map<Long, TreeMap<Long, JsonNode>> fills = new HashMap<>();
    private final Map<Long, String> clOrdIds = new HashMap<>();
    private final Map<Long, String> contracts = new HashMap<>();
    private final Set<String> emitted = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    TradovateOrderTracker(BrokerAccount account, long accountId, TradovateSymbolCodec codec,
            LongFunction<String> contractLookup, Sink sink) {
        this(account, accountId, codec, contractLookup, sink, java.time.Instant.MIN);
    }

    /** @param historyBefore orders placed before this are learned as they stand, not copied */
    TradovateOrderTracker(BrokerAccount account, long accountId, TradovateSymbolCodec codec,
            LongFunction<String> contractLookup, Sink sink, java.time.Instant historyBefore) {
        this.historyBefore = historyBefore;
        this.account = account;
        this.accountId = accountId;
        this.codec = codec;
        this.contractLookup = contractLookup;
        this.sink = sink;
    }

    /** The answer to {@code user/syncrequest}: everything the user has, replayed in dependency order. */
    synchronized void applySnapshot(JsonNode sync) {
        for (String type : List.of("contract", "command", "order", "orderVersion", "executionReport", "fill")) {
            for (JsonNode entity : sync.path(type + "s")) {
                store(type, entity);
            }
        }
        List<Long> ids = new ArrayList<>(orders.keySet());
        Collections.sort(ids);
        ids.forEach(this::evaluate);
    }

    /** One {@code props} event. */
    synchronized void apply(String entityType, String eventType, JsonNode entity) {
        if ("Deleted".equals(eventType) || entity == null) {
            return;
        }
        Long orderId = store(entityType, entity);
        if (orderId != null) {
            evaluate(orderId);
        }
    }

    /** Stores an entity; returns the order it concerns, if any. */
    private Long store(String type, JsonNode e) {
        switch (type) {
            case "contract" -> {
                contracts.put(e.get("id").asLong(), BrokerJson.text(e, "name"));
                return null;
            }
            case "command" -> {
                if ("New".equals(BrokerJson.text(e, "commandType")) && e.hasNonNull("clOrdId")) {
                    clOrdIds.put(e.get("orderId").asLong(), e.get("clOrdId").asText());
                }
                return null;
            }
            case "order" -> {
                long id = e.get("id").asLong();
                JsonNode known = orders.get(id);
                // a late update must never take an order back out of a final state
                if (known == null || !FINAL.contains(BrokerJson.text(known, "ordStatus"))) {
                    orders.put(id, e);
                }
                return id;
            }
            case "orderVersion" -> {
                long orderId = e.get("orderId").asLong();
                versions.computeIfAbsent(orderId, k -> new TreeMap<>()).put(e.get("id").asLong(), e);
                return orderId;
            }
            case "executionReport" -> {
                long orderId = e.path("orderId").asLong();
                JsonNode known = orders.get(orderId);
                String status = BrokerJson.text(e, "ordStatus");
                if (known != null && status != null && !FINAL.contains(BrokerJson.text(known, "ordStatus"))) {
                    orders.put(orderId, ((ObjectNode) known.deepCopy()).put("ordStatus", status));
                }
                return orderId;
            }
            case "fill" -> {
                long orderId = e.get("orderId").asLong();
                fills.computeIfAbsent(orderId, k -> new TreeMap<>()).put(e.get("id").asLong(), e);
                return orderId;
            }
            default -> {
                return null; // positions, cash balances, ...: fills already carry what copying needs
            }
        }
    }

    private void evaluate(long orderId) {
        JsonNode order = orders.get(orderId);
        TreeMap<Long, JsonNode> orderVersions = versions.get(orderId);
        if (order == null || order.path("accountId").asLong() != accountId || orderVersions == null) {
            return;
        }
        Instrument instrument = instrument(order);
        if (instrument == null) {
            return;
        }
        JsonNode first = orderVersions.firstEntry().getValue();
        if (TradovateEvents.orderType(BrokerJson.text(first, "orderType")) == null) {
            if (emitted.add(TradovateEvents.eventId(account, orderId, "unsupported"))) {
                LOG.warn("Tradovate order {} of account {} is a {} order, which copygate does not copy", orderId,
                        account.id(), BrokerJson.text(first, "orderType"));
            }
            return;
        }
        String status = BrokerJson.text(order, "ordStatus");
        String newId = TradovateEvents.eventId(account, orderId, "new");
        if (known.add(orderId)) {
            java.time.Instant placed = BrokerJson.instant(order, "timestamp");
            if (placed != null && placed.isBefore(historyBefore)) {
                learn(orderId, orderVersions, instrument, newId, status);
            }
        }
        if (LIVE.contains(status) || emitted.contains(newId)) {
            emit(newId, () -> TradovateEvents.orderNew(account, order, first, instrument));
            orderVersions.tailMap(first.get("id").asLong(), false).values().forEach(v ->
                    emit(TradovateEvents.eventId(account, orderId, "v" + v.get("id").asLong()),
                            () -> TradovateEvents.orderModify(account, order, v, instrument)));
            TreeMap<Long, JsonNode> orderFills = fills.getOrDefault(orderId, new TreeMap<>());
            for (JsonNode f : orderFills.values()) {
                String fillId = account.id() + ":fill:" + f.get("id").asLong();
                if (!emitted.contains(fillId)) {
                    sink.fill(TradovateEvents.fill(account, f, instrument, clOrdIds.get(orderId)));
                    emit(fillId, () -> TradovateEvents.fillSignal(account, f, instrument));
                }
            }
        }
        if (DEAD.contains(status) || ("Rejected".equals(status) && emitted.contains(newId))) {
            // also for an order first seen already cancelled: copies of it, if any, must go too
            emit(TradovateEvents.eventId(account, orderId, "cancel"),
                    () -> TradovateEvents.orderCancel(account, order, instrument));
        }
    }

    /** An order from before the feed started: what it is now is the baseline, not news. */
    private void learn(long orderId, TreeMap<Long, JsonNode> orderVersions, Instrument instrument, String newId,
            String status) {
        if (!"Rejected".equals(status)) {
            emitted.add(newId);
        }
        orderVersions.keySet().forEach(v -> emitted.add(TradovateEvents.eventId(account, orderId, "v" + v)));
        for (JsonNode f : fills.getOrDefault(orderId, new TreeMap<>()).values()) {
            String fillId = account.id() + ":fill:" + f.get("id").asLong();
            if (emitted.add(fillId)) {
                sink.fill(TradovateEvents.fill(account, f, instrument, clOrdIds.get(orderId)));
            }
        }
    }

    private void emit(String eventId, java.util.function.Supplier<Signal> signal) {
        if (emitted.contains(eventId)) {
            return;
        }
        sink.signal(signal.get());
        emitted.add(eventId);
    }

    private Instrument instrument(JsonNode order) {
        long contractId = order.path("contractId").asLong();
        String name = contracts.computeIfAbsent(contractId, contractLookup::apply);
        try {
            return codec.decode(name);
        } catch (IllegalArgumentException notAFuture) {
            LOG.warn("Tradovate order {} names contract '{}', which is not a futures symbol; not copied",
                    order.path("id").asLong(), name);
            return null;
        }
    }
}
