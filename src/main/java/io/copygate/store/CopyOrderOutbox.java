package io.copygate.store;

import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The copy orders' delivery state. Every transition is a conditional update, so a late or repeated
 * step (a retry racing a recovery, a replay of an order that is no longer dead) changes nothing.
 */
public final class CopyOrderOutbox {
    private static final String SELECT = "SELECT " + CopyOrderRows.COLUMNS + " FROM copy_orders";

    private final Database db;
    private final Clock clock;

    public CopyOrderOutbox(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Records the start of a delivery attempt and returns the order with its attempt count.
     * Fails when the order is no longer deliverable (already acked, rejected or dead).
     */
    public CopyOrder startAttempt(String id) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            int n = Sql.update(c, "UPDATE copy_orders SET state = 'sent', attempts = attempts + 1, sent_at = ?, updated_at = ? "
                    + "WHERE id = ? AND state IN ('planned', 'sent')", now, now, id);
            if (n == 0) {
                throw new OrderNotDeliverableException(id, stateOf(c, id));
            }
            return Sql.one(c, SELECT + " WHERE id = ?", CopyOrderRows::map, id);
        });
    }

    /**
     * Starts the first delivery attempt of a freshly journaled signal's orders in ONE transaction (one
     * commit for the whole fan-out instead of one per order); returns the ids that were still planned.
     */
    public java.util.Set<String> startFirstAttempts(List<String> ids) {
        if (ids.isEmpty()) {
            return java.util.Set.of();
        }
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            java.sql.Array idArray = c.createArrayOf("VARCHAR", ids.toArray());
            int n = Sql.update(c, "UPDATE copy_orders SET state = 'sent', attempts = attempts + 1, sent_at = ?, updated_at = ? "
                    + "WHERE id = ANY (?) AND state = 'planned'", now, now, idArray);
            if (n == ids.size()) {
                return java.util.Set.copyOf(ids);
            }
            // some had moved on (held back, or settled by another path): name the ones this update started
            return java.util.Set.copyOf(Sql.list(c, "SELECT id FROM copy_orders WHERE id = ANY (?) AND state = 'sent' "
                    + "AND attempts = 1 AND sent_at = ?", rs -> rs.getString(1), idArray, now));
        });
    }

    public void markRejected(String id, String reason) {
        Instant now = clock.instant();
        db.withConnection(c -> Sql.update(c, "UPDATE copy_orders SET state = 'rejected', last_error = ?, updated_at = ? "
                + "WHERE id = ? AND state IN ('planned', 'sent')", truncate(reason), now, id));
    }

    /** Records the error of a failed attempt that will be retried. */
    public void recordAttemptError(String id, String error) {
        db.withConnection(c -> Sql.update(c, "UPDATE copy_orders SET last_error = ?, updated_at = ? WHERE id = ?",
                truncate(error), clock.instant(), id));
    }

    /** Puts a dead order back to {@code sent} for a replay; its attempts stay, so the broker is asked first. */
    public CopyOrder reopen(String id) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            int n = Sql.update(c, "UPDATE copy_orders SET state = 'sent', updated_at = ? WHERE id = ? AND state = 'dead'", now, id);
            if (n == 0) {
                throw new OrderNotDeliverableException(id, stateOf(c, id));
            }
            return Sql.one(c, SELECT + " WHERE id = ?", CopyOrderRows::map, id);
        });
    }

    /**
     * Updates the broker's view of an order (working, filled, cancelled) and its filled quantity, which
     * only grows: a late or repeated report of an earlier partial fill does not shrink it.
     */
    public void updateBrokerStatus(String id, String brokerStatus, java.math.BigDecimal filledQuantity) {
        db.withConnection(c -> Sql.update(c, "UPDATE copy_orders SET broker_status = ?, "
                + "filled_quantity = GREATEST(filled_quantity, COALESCE(?, filled_quantity)), updated_at = ? WHERE id = ?",
                brokerStatus, filledQuantity, clock.instant(), id));
    }

    /** Records the broker's id of a copy order as soon as the adapter knows it (before the ack is recorded). */
    public void rememberBrokerOrderId(String account, String clientOrderId, String brokerOrderId) {
        db.withConnection(c -> Sql.update(c, "UPDATE copy_orders SET broker_order_id = ?, updated_at = ? "
                + "WHERE id = ? AND follower_account_id = ?", brokerOrderId, clock.instant(), clientOrderId, account));
    }

    public java.util.Optional<String> brokerOrderIdOf(String account, String clientOrderId) {
        return java.util.Optional.ofNullable(db.withConnection(c -> Sql.one(c, "SELECT broker_order_id FROM copy_orders "
                + "WHERE id = ? AND follower_account_id = ?", rs -> rs.getString(1), clientOrderId, account)));
    }

    public java.util.Optional<String> clientOrderIdOf(String account, String brokerOrderId) {
        return java.util.Optional.ofNullable(db.withConnection(c -> Sql.one(c, "SELECT id FROM copy_orders "
                + "WHERE follower_account_id = ? AND broker_order_id = ?", rs -> rs.getString(1), account, brokerOrderId)));
    }

    public CopyOrder find(String id) {
        return db.withConnection(c -> Sql.one(c, SELECT + " WHERE id = ?", CopyOrderRows::map, id));
    }

    /** Orders a crash may have left between journal and broker: {@code planned} or {@code sent}. */
    public List<CopyOrder> unfinished() {
        return db.withConnection(c -> Sql.list(c, SELECT + " WHERE state IN ('planned', 'sent') ORDER BY planned_at, id",
                CopyOrderRows::map));
    }

    public List<CopyOrder> ofSignal(String signalId) {
        return db.withConnection(c -> Sql.list(c, SELECT + " WHERE signal_id = ? ORDER BY follower_account_id, id",
                CopyOrderRows::map, signalId));
    }

    /**
     * Copies on a follower, placed through a link, that may still be working at the broker: the orders a
     * cancel or modify of the master's order must reach. With the master's order reference, the copies of
     * that order whatever contract they are on (a cancel after a roll names the new front month, the copy
     * sits on the old one); without it, the copies in {@code symbol}.
     */
    public List<CopyOrder> workingCopies(String linkId, String symbol, String masterOrderRef) {
        List<Object> params = new ArrayList<>(List.of(linkId));
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE link_id = ? AND ").append(WORKING);
        // the master's order reference finds its copies on whatever contract (a cancel after a roll names the new one)
        if (symbol != null && masterOrderRef == null) {
            sql.append(" AND symbol = ?");
            params.add(symbol);
        }
        if (masterOrderRef != null) {
            sql.append(" AND signal_id IN (SELECT id FROM signals WHERE master_order_ref = ?)");
            params.add(masterOrderRef);
        }
        sql.append(" ORDER BY planned_at, id");
        return db.withConnection(c -> Sql.list(c, sql.toString(), CopyOrderRows::map, params.toArray()));
    }

    private static final String WORKING = "intent = 'PLACE' AND state IN ('planned', 'sent', 'acked') "
            + "AND COALESCE(broker_status, 'working') NOT IN ('filled', 'cancelled', 'rejected', 'expired')";

    /** A follower's entry with a bracket and how much of it the broker has filled. */
    public record BracketEntry(CopyOrder entry, java.math.BigDecimal filled) {
    }

    /** The newest entries of an account in a symbol that carry a bracket and have (partly) filled. */
    public List<BracketEntry> filledBracketEntries(String account, String symbol) {
        return db.withConnection(c -> Sql.list(c, "SELECT " + CopyOrderRows.COLUMNS + ", filled_quantity FROM copy_orders "
                        + "WHERE follower_account_id = ? AND symbol = ? AND intent = 'PLACE' AND target_order_id IS NULL "
                        + "AND (stop_loss IS NOT NULL OR take_profit IS NOT NULL) AND filled_quantity > 0 "
                        + "ORDER BY planned_at DESC, id LIMIT 50",
                rs -> new BracketEntry(CopyOrderRows.map(rs), Sql.decimal(rs, "filled_quantity")), account, symbol));
    }

    /** Bracket legs (orders placed against an entry) of an account in a symbol that may still be working. */
    public List<CopyOrder> workingLegs(String account, String symbol) {
        return db.withConnection(c -> Sql.list(c, SELECT + " WHERE follower_account_id = ? AND symbol = ? "
                + "AND target_order_id IS NOT NULL AND " + WORKING + " ORDER BY planned_at, id", CopyOrderRows::map, account, symbol));
    }

    /**
     * How much of the order has filled, by its recorded fills (zero for none). Not the broker's reported
     * filled quantity: a fill moves the position in the same transaction that records it, so this stays
     * consistent with the position read beside it (an order status can arrive before or after its fill).
     */
    public java.math.BigDecimal filledQuantity(String id) {
        java.math.BigDecimal q = db.withConnection(c -> Sql.one(c, "SELECT SUM(quantity) AS q FROM fills WHERE copy_order_id = ?",
                rs -> Sql.decimal(rs, "q"), id));
        return q == null ? java.math.BigDecimal.ZERO : q;
    }

    /**
     * Accounts and symbols whose brackets may lag behind their events after a restart: a filled
     * bracketed entry without legs, or legs that still work. Keys are {@code account + '\n' + symbol}.
     */
    public List<String> bracketsToCheck() {
        return db.withConnection(c -> Sql.list(c, "SELECT DISTINCT follower_account_id, symbol FROM copy_orders e "
                + "WHERE (e.intent = 'PLACE' AND e.target_order_id IS NULL AND e.filled_quantity > 0 "
                + "AND (e.stop_loss IS NOT NULL OR e.take_profit IS NOT NULL) AND NOT EXISTS "
                + "(SELECT 1 FROM copy_orders l WHERE l.target_order_id = e.id AND l.intent = 'PLACE')) "
                + "OR (e.target_order_id IS NOT NULL AND " + WORKING + ")",
                rs -> rs.getString(1) + "\n" + rs.getString(2)));
    }

    /** Whether the order may still be working at the broker. */
    public boolean isWorking(String id) {
        return db.withConnection(c -> Sql.one(c, "SELECT 1 FROM copy_orders WHERE id = ? AND " + WORKING,
                rs -> rs.getInt(1), id)) != null;
    }

    /** The changes aimed at an order that were not refused, oldest first. */
    public List<CopyOrder> modifiesOf(String targetId) {
        return db.withConnection(c -> Sql.list(c, SELECT + " WHERE target_order_id = ? AND intent = 'MODIFY' "
                + "AND state NOT IN ('rejected', 'dead') ORDER BY planned_at, id", CopyOrderRows::map, targetId));
    }

    /** Whether a cancel of the order is planned, on its way or done. */
    public boolean hasCancel(String targetId) {
        return db.withConnection(c -> Sql.one(c, "SELECT 1 FROM copy_orders WHERE target_order_id = ? AND intent = 'CANCEL' "
                + "AND state NOT IN ('rejected', 'dead') LIMIT 1", rs -> rs.getInt(1), targetId)) != null;
    }

    /**
     * Journals orders the gateway derives from events (bracket legs, their resizes and cancels) under
     * their deterministic ids; an id already journaled is left alone. Returns the orders new here: only
     * those may be dispatched, so a repeated event or a restart places nothing twice.
     */
    public List<CopyOrder> journalNew(List<CopyOrder> orders) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            List<CopyOrder> added = new ArrayList<>();
            for (CopyOrder o : orders) {
                if (CopyOrderRows.insertIfAbsent(c, o, now)) {
                    added.add(o);
                }
            }
            return added;
        });
    }

    public List<CopyOrder> list(String account, CopyOrderState state, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (account != null) {
            sql.append(" AND follower_account_id = ?");
            params.add(account);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            params.add(state.dbValue());
        }
        sql.append(" ORDER BY planned_at DESC, id LIMIT ").append(limit);
        return db.withConnection(c -> Sql.list(c, sql.toString(), CopyOrderRows::map, params.toArray()));
    }

    /** Broker-side details for display: broker order id, symbol, status, filled quantity, times. */
    public java.util.Map<String, Object> brokerDetails(String id) {
        return db.withConnection(c -> Sql.one(c, "SELECT broker_order_id, broker_symbol, broker_status, filled_quantity, "
                + "sent_at, acked_at FROM copy_orders WHERE id = ?", rs -> {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("brokerOrderId", rs.getString("broker_order_id"));
                    m.put("brokerSymbol", rs.getString("broker_symbol"));
                    m.put("brokerStatus", rs.getString("broker_status"));
                    m.put("filledQuantity", Sql.decimal(rs, "filled_quantity"));
                    m.put("sentAt", Sql.instant(rs, "sent_at"));
                    m.put("ackedAt", Sql.instant(rs, "acked_at"));
                    return m;
                }, id));
    }

    private static String stateOf(java.sql.Connection c, String id) throws java.sql.SQLException {
        return Sql.one(c, "SELECT state FROM copy_orders WHERE id = ?", rs -> rs.getString(1), id);
    }

    static String truncate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
    }
}
