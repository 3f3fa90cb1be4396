package io.copygate.delivery;

import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderId;
import io.copygate.signal.CopyOrderState;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.store.CopyOrderOutbox;
import io.copygate.store.PositionStore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a follower's bracket (stop-loss + take-profit) in step with its entry and position, at brokers
 * whose adapter does not take the bracket with the entry ({@code BrokerAdapter.takesBracketWithEntry}).
 * After every execution or order status of a follower account it compares, per symbol, what should
 * work with what does:
 *
 * <ul>
 *   <li>an entry with a bracket that has (partly) filled gets its legs: one stop-loss and one
 *       take-profit copy order, opposite side, sized to the filled quantity (never above the open
 *       position), whose {@code targetOrderId} is the entry — the broker's OCO group where it has
 *       one (paper);</li>
 *   <li>legs smaller or larger than that quantity are resized (a partial fill grew the position, a
 *       partial exit shrank it);</li>
 *   <li>legs of a position that is flat, or now the other way, are cancelled: the other leg filled, the
 *       master exited or flattened. That same rule is the OCO at a broker without OCO groups.</li>
 * </ul>
 *
 * Every order it derives has an id made from the entry or leg and the quantity
 * ({@code sl:<entry>}, {@code resize:<leg>:<qty>}, {@code cancel:<leg>}), is journaled under the
 * entry's signal (so {@code GET /api/signals/{id}} shows the legs) and dispatched only when the
 * journal did not hold it already: a repeated event or a restart places nothing twice. The work runs
 * off the broker's event thread, one account at a time, in event order.
 */
public final class FollowerBrackets {
    private static final Logger LOG = LoggerFactory.getLogger(FollowerBrackets.class);
    private static final BigDecimal NONE = BigDecimal.ZERO;

    private final CopyOrderOutbox outbox;
    private final PositionStore positions;
    private final Predicate<String> gatewayOwned;
    private final Consumer<List<CopyOrder>> dispatch;
    private final ExecutorService pool;
    private final Map<String, CompletableFuture<Void>> queues = new ConcurrentHashMap<>();

    /**
     * @param gatewayOwned tells, by broker name, whether the gateway keeps the brackets there
     * @param dispatch     sends journaled orders to their destination routes ({@code direct:dispatch})
     */
    public FollowerBrackets(CopyOrderOutbox outbox, PositionStore positions, Predicate<String> gatewayOwned,
                            Consumer<List<CopyOrder>> dispatch, ExecutorService pool) {
        this.outbox = outbox;
        this.positions = positions;
        this.gatewayOwned = gatewayOwned;
        this.dispatch = dispatch;
        this.pool = pool;
    }

    /** Orders derived here, in the shape {@code direct:dispatch} splits ({@code body.orders}). */
    public record Derived(List<CopyOrder> orders) {
    }

    /** Something happened on the account in this symbol: check its brackets after what is queued for it. */
    public void onAccountEvent(String account, String symbol) {
        queues.compute(account, (a, tail) -> (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                .thenRunAsync(() -> keep(account, symbol), pool)
                .exceptionally(e -> {
                    LOG.error("bracket check of {} {} failed; the next event of the account checks again", account, symbol, e);
                    return null;
                }));
    }

    /**
     * At start-up: checks every account and symbol whose brackets may have missed an event while the
     * gateway was down (an entry filled without legs, legs working). Returns how many were queued.
     */
    public int catchUp() {
        List<String> keys = outbox.bracketsToCheck();
        for (String key : keys) {
            int cut = key.indexOf('\n');
            onAccountEvent(key.substring(0, cut), key.substring(cut + 1));
        }
        return keys.size();
    }

    /**
     * One check of an account's brackets in a symbol: journals and dispatches what is missing. What it
     * reads (position, the legs' fills) must be one consistent picture — a fill landing between two reads
     * would size a leg from a position that no longer exists — so the check is planned again when a fill
     * was recorded while it was being planned.
     */
    public void keep(String account, String symbol) {
        for (int attempt = 1; attempt <= 5; attempt++) {
            long version = positions.fillVersion(account, symbol);
            List<CopyOrder> wanted = plan(account, symbol, positions.quantity(account, symbol));
            if (positions.fillVersion(account, symbol) != version) {
                continue; // a fill came in meanwhile: plan again from the new position
            }
            if (!wanted.isEmpty()) {
                List<CopyOrder> added = outbox.journalNew(wanted);
                if (!added.isEmpty()) {
                    LOG.info("brackets of {} {}: {}", account, symbol, added.stream().map(o -> o.intent() + " " + o.id()).toList());
                    dispatch.accept(added);
                }
            }
            return;
        }
        LOG.warn("brackets of {} {}: fills kept arriving while checking; the next event checks again", account, symbol);
    }

    private List<CopyOrder> plan(String account, String symbol, BigDecimal position) {
        List<CopyOrder> wanted = new ArrayList<>();
        for (CopyOrderOutbox.BracketEntry e : outbox.filledBracketEntries(account, symbol)) {
            if (gatewayOwned.test(e.entry().broker())) {
                legsOf(e.entry(), e.filled(), position, wanted);
            }
        }
        for (CopyOrder leg : outbox.workingLegs(account, symbol)) {
            CopyOrder entry = outbox.find(leg.targetOrderId());
            // a leg whose own fill closed the position is done, even before its 'filled' status arrives
            if (entry != null && !holds(position, entry.side()) && !outbox.hasCancel(leg.id()) && !done(leg.id())) {
                wanted.add(derived(leg, "cancel:" + leg.id(), OrderIntent.CANCEL, leg.id(), leg.side(), leg.quantity(),
                        leg.orderType(), null, null));
            }
        }
        return wanted;
    }

    private void legsOf(CopyOrder entry, BigDecimal filled, BigDecimal position, List<CopyOrder> wanted) {
        if (!holds(position, entry.side())) {
            return;     // closed another way before its legs were needed: none are placed
        }
        String stopLeg = legId(entry, "sl:");
        String targetLeg = legId(entry, "tp:");
        if (done(stopLeg) || done(targetLeg)) {
            // one leg filled completely: the other is its OCO sibling, whatever the position holds now
            for (String id : List.of(stopLeg, targetLeg)) {
                CopyOrder leg = outbox.find(id);
                // the filled leg itself may still read 'working' until its status event: never cancel a done leg
                if (leg != null && !done(id) && outbox.isWorking(id) && !outbox.hasCancel(id)) {
                    wanted.add(derived(leg, "cancel:" + id, OrderIntent.CANCEL, id, leg.side(), leg.quantity(),
                            leg.orderType(), null, null));
                }
            }
            return;
        }
        BigDecimal size = filled.min(position.abs());
        Bracket b = currentBracket(entry);
        Side exit = entry.side().opposite();
        if (b.stopLoss() != null) {
            leg(entry, "sl:", exit, size, b.stopLossLimit() != null ? OrderType.STOP_LIMIT : OrderType.STOP,
                    b.stopLossLimit(), b.stopLoss(), wanted);
        }
        if (b.takeProfit() != null) {
            leg(entry, "tp:", exit, size, OrderType.LIMIT, b.takeProfit(), null, wanted);
        }
    }

    private void leg(CopyOrder entry, String kind, Side side, BigDecimal size, OrderType type, BigDecimal limit,
                     BigDecimal stop, List<CopyOrder> wanted) {
        String id = legId(entry, kind);
        CopyOrder placed = outbox.find(id);
        if (placed == null) {
            wanted.add(derived(entry, kind + entry.id(), OrderIntent.PLACE, entry.id(), side, size, type, limit, stop));
            return;
        }
        if (!outbox.isWorking(id) || outbox.hasCancel(id)) {
            return;
        }
        // a leg's quantity counts what it already filled: a stop filled 1 of 3 still covers the other 2
        BigDecimal total = outbox.filledQuantity(id).add(size);
        CopyOrder now = latest(placed);
        if (now.quantity().compareTo(total) != 0) {
            wanted.add(derived(placed, "resize:" + id + ":" + total.stripTrailingZeros().toPlainString(), OrderIntent.MODIFY,
                    id, side, total, now.orderType(), now.limitPrice(), now.stopPrice()));
        }
    }

    private static String legId(CopyOrder entry, String kind) {
        return CopyOrderId.of(entry.signalId(), entry.followerAccount(), kind + entry.id());
    }

    /** Whether the leg has filled all it was for. */
    private boolean done(String legId) {
        CopyOrder leg = outbox.find(legId);
        return leg != null && outbox.filledQuantity(legId).compareTo(latest(leg).quantity()) >= 0;
    }

    /** The leg as the broker holds it now: its placement with the later changes applied. */
    private CopyOrder latest(CopyOrder leg) {
        BigDecimal qty = leg.quantity();
        BigDecimal limit = leg.limitPrice();
        BigDecimal stop = leg.stopPrice();
        for (CopyOrder m : outbox.modifiesOf(leg.id())) {
            qty = m.quantity() != null ? m.quantity() : qty;
            limit = m.limitPrice() != null ? m.limitPrice() : limit;
            stop = m.stopPrice() != null ? m.stopPrice() : stop;
        }
        return derived(leg, "", leg.intent(), leg.targetOrderId(), leg.side(), qty, leg.orderType(), limit, stop);
    }

    /** The entry's bracket as the master last set it: a change of the entry may carry new levels. */
    private Bracket currentBracket(CopyOrder entry) {
        Bracket b = entry.bracket();
        for (CopyOrder m : outbox.modifiesOf(entry.id())) {
            Bracket moved = m.bracket();
            if (moved != null) {
                b = new Bracket(moved.stopLoss() != null ? moved.stopLoss() : b.stopLoss(),
                        moved.stopLoss() != null ? moved.stopLossLimit() : b.stopLossLimit(),
                        moved.takeProfit() != null ? moved.takeProfit() : b.takeProfit());
            }
        }
        return b;
    }

    /** True while the position is open in the entry's direction. */
    private static boolean holds(BigDecimal position, Side entrySide) {
        return position.signum() == (entrySide == Side.BUY ? 1 : -1) && position.compareTo(NONE) != 0;
    }

    private static CopyOrder derived(CopyOrder from, String part, OrderIntent intent, String target, Side side,
                                     BigDecimal qty, OrderType type, BigDecimal limit, BigDecimal stop) {
        return new CopyOrder(CopyOrderId.of(from.signalId(), from.followerAccount(), part), from.signalId(), from.linkId(),
                from.tenant(), from.followerAccount(), from.broker(), intent, target, from.instrument(), side, qty,
                type, limit, stop, io.copygate.signal.TimeInForce.GTC, null, null, CopyOrderState.PLANNED, 0,
                from.signalReceivedAt(), null);
    }
}
