package io.copygate.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Deliveries that exhausted their retries. Recording one also sets its order {@code dead}, in the same
 * transaction; replaying or discarding one is a conditional update, so two ops clicking at once
 * cannot replay it twice.
 */
public final class DeadLetterStore {
    private final Database db;
    private final Clock clock;

    public record DeadLetter(long id, String copyOrderId, String routeId, String errorClass, String error, int attempts,
                             String status, Instant createdAt, Instant resolvedAt, String resolvedBy) {
    }

    public DeadLetterStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public long record(String copyOrderId, String routeId, String errorClass, String error) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            Sql.update(c, "UPDATE copy_orders SET state = 'dead', last_error = ?, updated_at = ? WHERE id = ? "
                    + "AND state IN ('planned', 'sent')", CopyOrderOutbox.truncate(error), now, copyOrderId);
            Integer attempts = Sql.one(c, "SELECT attempts FROM copy_orders WHERE id = ?", rs -> rs.getInt(1), copyOrderId);
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letters (copy_order_id, route_id, "
                    + "error_class, error, attempts, status, created_at) VALUES (?,?,?,?,?, 'open', ?)", new String[] {"id"})) {
                Sql.bind(ps, copyOrderId, routeId, errorClass, CopyOrderOutbox.truncate(error),
                        attempts == null ? 0 : attempts, now);
                ps.executeUpdate();
                try (java.sql.ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    public DeadLetter find(long id) {
        return db.withConnection(c -> Sql.one(c, "SELECT * FROM dead_letters WHERE id = ?", DeadLetterStore::map, id));
    }

    public List<DeadLetter> list(String status, int limit) {
        return db.withConnection(c -> status == null
                ? Sql.list(c, "SELECT * FROM dead_letters ORDER BY id DESC LIMIT " + limit, DeadLetterStore::map)
                : Sql.list(c, "SELECT * FROM dead_letters WHERE status = ? ORDER BY id DESC LIMIT " + limit,
                        DeadLetterStore::map, status));
    }

    /** Moves an open dead letter to {@code status}; false when it was not open (already handled). */
    public boolean resolve(long id, String status, String actor) {
        return db.withConnection(c -> Sql.update(c, "UPDATE dead_letters SET status = ?, resolved_at = ?, resolved_by = ? "
                + "WHERE id = ? AND status = 'open'", status, clock.instant(), actor, id) == 1);
    }

    /** Discards: the dead letter is closed and its order will never be sent. */
    public boolean discard(long id, String actor) {
        return db.inTransaction(c -> {
            DeadLetter dl = Sql.one(c, "SELECT * FROM dead_letters WHERE id = ?", DeadLetterStore::map, id);
            if (dl == null || Sql.update(c, "UPDATE dead_letters SET status = 'discarded', resolved_at = ?, resolved_by = ? "
                    + "WHERE id = ? AND status = 'open'", clock.instant(), actor, id) == 0) {
                return false;
            }
            Sql.update(c, "UPDATE copy_orders SET state = 'discarded', updated_at = ? WHERE id = ? AND state = 'dead'",
                    clock.instant(), dl.copyOrderId());
            return true;
        });
    }

    private static DeadLetter map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new DeadLetter(rs.getLong("id"), rs.getString("copy_order_id"), rs.getString("route_id"),
                rs.getString("error_class"), rs.getString("error"), rs.getInt("attempts"), rs.getString("status"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "resolved_at"), rs.getString("resolved_by"));
    }
}
