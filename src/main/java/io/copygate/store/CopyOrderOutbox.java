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

    /** Updates the broker's view of an order (working, filled, cancelled) and its filled quantity. */
    public void updateBrokerStatus(String id, String brokerStatus, java.math.BigDecimal filledQuantity) {
        db.withConnection(c -> Sql.update(c, "UPDATE copy_orders SET broker_status = ?, filled_quantity = COALESCE(?, filled_quantity), "
                + "updated_at = ? WHERE id = ?", brokerStatus, filledQuantity, clock.instant(), id));
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
        String working = " WHERE link_id = ? AND intent = 'PLACE' AND state IN ('planned', 'sent', 'acked') "
                + "AND COALESCE(broker_status, 'working') NOT IN ('filled', 'cancelled', 'rejected', 'expired')";
        return db.withConnection(c -> masterOrderRef == null
                ? Sql.list(c, SELECT + working + " AND symbol = ? ORDER BY planned_at, id", CopyOrderRows::map, linkId, symbol)
                : Sql.list(c, SELECT + working + " AND signal_id IN (SELECT id FROM signals WHERE master_order_ref = ?) "
                        + "ORDER BY planned_at, id", CopyOrderRows::map, linkId, masterOrderRef));
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
