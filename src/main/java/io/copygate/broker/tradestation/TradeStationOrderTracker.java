package io.copygate.broker.tradestation;

import io.copygate.broker.BrokerJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.signal.Fill;
import io.copygate.signal.Instrument;
import io.copygate.signal.Signal;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where both TradeStation feeds, the order stream and the fallback poller, report what
 * they saw of an order. Each change of an order becomes exactly one signal whichever feed reports it
 * first: ORDER_NEW when the order is first seen live (received, sent, queued or filled; an exit of a
 * bracket still waiting for its entry is not copied yet), ORDER_MODIFY when its terms change, FILL per
 * increase of the executed quantity, ORDER_CANCEL when it is cancelled, expires or is rejected after
 * going live.
 *
 * <p>The feeds overlap in time, so a poll answer can be older than what the stream already said. An
 * order's state only moves forward here: a poll answer is ignored for an order the stream reported
 * after the poll was sent, nothing leaves a final state, and the executed quantity never goes down.
 *
 * <p>History is learned, not copied: an order opened before {@code historyBefore} (the feed's start,
 * less a second for clock skew) is taken as it stands when first seen (its arrival and what it has
 * executed count as seen), so only what happens to it afterwards becomes signals. An order already
 * cancelled when first seen still gives its ORDER_CANCEL: a copy left working while the gateway was
 * down must go (the journal keeps that signal once; without a working copy it is a recorded skip).
 */
final class TradeStationOrderTracker {
    private static final Logger LOG = LoggerFactory.getLogger(TradeStationOrderTracker.class);
    private static final int REMEMBERED = 100_000;

    interface Sink {
        void signal(Signal signal);

        void fill(Fill fill);
    }

    private static final class OrderState {
        String terms;
        int changes;
        BigDecimal executed = BigDecimal.ZERO;
        BigDecimal averagePrice;
        boolean finished;
        boolean known;
        long streamSeenAt = Long.MIN_VALUE;
    }

    private final BrokerAccount account;
    private final TradeStationSymbolCodec codec;
    private final Function<String, String> copyIdOfOrder;
    private final Sink sink;
    private final java.time.Instant historyBefore;
    private final Map<String, OrderState> orders = new HashMap<>();
    private final Set<String> emitted = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** A tracker that copies every order it sees, whenever it was opened. */
    TradeStationOrderTracker(BrokerAccount account, TradeStationSymbolCodec codec,
            Function<String, String> copyIdOfOrder, Sink sink) {
        this(account, codec, copyIdOfOrder, sink, java.time.Instant.MIN);
    }

    /**
     * @param copyIdOfOrder the copy order id a TradeStation order was placed for (follower fills), or null
     * @param historyBefore orders opened before this are learned as they stand, not copied
     */
    TradeStationOrderTracker(BrokerAccount account, TradeStationSymbolCodec codec,
            Function<String, String> copyIdOfOrder, Sink sink, java.time.Instant historyBefore) {
        this.historyBefore = historyBefore;
        this.account = account;
        this.codec = codec;
        this.copyIdOfOrder = copyIdOfOrder;
        this.sink = sink;
    }

    /** An order object from the stream, received at {@code receivedAt} ({@link System#nanoTime()}). */
    synchronized void fromStream(JsonNode order, long receivedAt) {
        OrderState state = orders.computeIfAbsent(BrokerJson.text(order, "OrderID"), k -> new OrderState());
        state.streamSeenAt = receivedAt;
        apply(order, state);
    }

    /** An order object from a poll whose request was sent at {@code sentAt} ({@link System#nanoTime()}). */
    synchronized void fromPoll(JsonNode order, long sentAt) {
        OrderState state = orders.computeIfAbsent(BrokerJson.text(order, "OrderID"), k -> new OrderState());
        if (state.streamSeenAt > sentAt) {
            return; // the stream spoke about this order after the poll was sent: the poll may be older
        }
        apply(order, state);
    }

    private void apply(JsonNode order, OrderState state) {
        if (!account.brokerAccount().equals(BrokerJson.text(order, "AccountID")) || state.finished
                && !TradeStationEvents.GONE.contains(TradeStationEvents.status(order))) {
            return;
        }
        if (TradeStationEvents.orderType(order) == null) {
            if (emitted.add(TradeStationEvents.eventId(account, order, "unsupported"))) {
                LOG.warn("TradeStation order {} of account {} is a {} order, which copygate does not copy",
                        BrokerJson.text(order, "OrderID"), account.id(), BrokerJson.text(order, "OrderType"));
            }
            return;
        }
        Instrument instrument = instrument(order);
        if (instrument == null) {
            return;
        }
        String status = TradeStationEvents.status(order);
        String newId = TradeStationEvents.eventId(account, order, "new");
        if (!state.known) {
            state.known = true;
            java.time.Instant opened = BrokerJson.instant(order, "OpenedDateTime");
            if (opened != null && opened.isBefore(historyBefore)) {
                learn(order, state, instrument, status, newId);
                return;
            }
        }
        boolean live = emitted.contains(newId);
        if (TradeStationEvents.REJECTED.contains(status)) {
            if (live) {
                emit(TradeStationEvents.eventId(account, order, "cancel"),
                        () -> TradeStationEvents.orderCancel(account, order, instrument));
            }
            state.finished = true;
            return;
        }
        if (!live && TradeStationEvents.LIVE.contains(status)) {
            emit(newId, () -> TradeStationEvents.orderNew(account, order, instrument));
            state.terms = TradeStationEvents.terms(order);
            live = true;
        }
        if (live) {
            String terms = TradeStationEvents.terms(order);
            if (!terms.equals(state.terms) && !TradeStationEvents.GONE.contains(status)) {
                int change = state.changes + 1;
                emit(TradeStationEvents.eventId(account, order, "chg" + change + ":" + terms),
                        () -> TradeStationEvents.orderModify(account, order, instrument, change));
                state.changes = change;
                state.terms = terms;
            }
            BigDecimal executed = TradeStationEvents.executed(order);
            if (executed.compareTo(state.executed) > 0) {
                String fillId = TradeStationEvents.eventId(account, order, "fill:"
                        + executed.stripTrailingZeros().toPlainString());
                if (!emitted.contains(fillId)) {
                    sink.fill(TradeStationEvents.fill(account, order, instrument, state.executed, state.averagePrice,
                            copyIdOfOrder.apply(BrokerJson.text(order, "OrderID"))));
                    emit(fillId, () -> TradeStationEvents.fillSignal(account, order, instrument, state.executed,
                            state.averagePrice));
                }
                state.executed = executed;
                state.averagePrice = TradeStationEvents.averagePrice(order);
            }
        }
        if (TradeStationEvents.GONE.contains(status)) {
            // also for an order first seen already gone: copies of it, if any, must go too
            emit(TradeStationEvents.eventId(account, order, "cancel"),
                    () -> TradeStationEvents.orderCancel(account, order, instrument));
            state.finished = true;
        } else if ("FLL".equals(status)) {
            state.finished = true;
        }
    }

    /** An order from before the feed started: its present state is the baseline, not news. */
    private void learn(JsonNode order, OrderState state, Instrument instrument, String status, String newId) {
        emitted.add(newId);
        state.terms = TradeStationEvents.terms(order);
        state.executed = TradeStationEvents.executed(order);
        state.averagePrice = TradeStationEvents.averagePrice(order);
        if (TradeStationEvents.GONE.contains(status)) {
            emit(TradeStationEvents.eventId(account, order, "cancel"),
                    () -> TradeStationEvents.orderCancel(account, order, instrument));
        }
        state.finished = TradeStationEvents.GONE.contains(status) || TradeStationEvents.REJECTED.contains(status)
                || "FLL".equals(status);
    }

    private void emit(String eventId, java.util.function.Supplier<Signal> signal) {
        if (emitted.contains(eventId)) {
            return;
        }
        sink.signal(signal.get());
        emitted.add(eventId);
    }

    private Instrument instrument(JsonNode order) {
        JsonNode leg = order.path("Legs").path(0);
        try {
            return codec.decode(BrokerJson.text(leg, "Symbol"), BrokerJson.text(leg, "AssetType"));
        } catch (IllegalArgumentException e) {
            if (emitted.add(TradeStationEvents.eventId(account, order, "unreadable"))) {
                LOG.warn("TradeStation order {} of account {}: {}; not copied", BrokerJson.text(order, "OrderID"),
                        account.id(), e.getMessage());
            }
            return null;
        }
    }
}
