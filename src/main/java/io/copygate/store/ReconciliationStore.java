package io.copygate.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reconciliation runs and their results, and the consistent snapshot of positions one link is compared on. */
public final class ReconciliationStore {
    private final Database db;
    private final Clock clock;

    public ReconciliationStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * What one link is compared on, read in ONE repeatable-read transaction: a fill lands in the position and
     * in {@code fills} together, so a correction is never counted both as held and as in flight, or as neither.
     *
     * @param inFlight   per follower symbol: signed unfilled quantity of market PLACE orders not yet final
     * @param working    per follower symbol: this link's limit/stop entry copies still working (a market one is in
     *                   inFlight; bracket legs are not counted)
     * @param duplicates per follower symbol: working copies of this link beyond the first of one master order
     * @param symbolsOrdered the symbols this link has ever ordered (a position in one of them is the link's)
     */
    public record Snapshot(List<PositionStore.Position> master, List<PositionStore.Position> follower,
                           Map<String, BigDecimal> inFlight, Map<String, Integer> working, Map<String, Integer> duplicates, List<String> symbolsOrdered) {
    }

    public Snapshot snapshot(String linkId, String master, String follower) {
        return db.inTransaction(c -> {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            List<PositionStore.Position> m = positions(c, master);
            List<PositionStore.Position> f = positions(c, follower);
            Map<String, BigDecimal> inFlight = new LinkedHashMap<>();
            Sql.list(c, "SELECT o.symbol, SUM(CASE WHEN o.side = 'BUY' THEN 1 ELSE -1 END * (o.quantity - COALESCE("
                    + "(SELECT SUM(x.quantity) FROM fills x WHERE x.account_id = o.follower_account_id AND x.copy_order_id = o.id), 0))) "
                    + "AS q FROM copy_orders o WHERE o.follower_account_id = ? AND o.intent = 'PLACE' AND o.order_type = 'MARKET' "
                    + "AND o.state IN ('planned', 'sent', 'acked') AND COALESCE(o.broker_status, 'working') NOT IN "
                    + "('filled', 'cancelled', 'rejected', 'expired') GROUP BY o.symbol", rs -> {
                        inFlight.put(rs.getString("symbol"), Sql.decimal(rs, "q"));
                        return null;
                    }, follower);
            Map<String, Integer> working = new LinkedHashMap<>();
            Map<String, Integer> duplicates = new LinkedHashMap<>();
            // working copies of this link; a master order (its reference) with two is a duplicate copy
            Sql.list(c, "SELECT o.symbol, SUM(CASE WHEN o.order_type = 'MARKET' THEN 0 ELSE 1 END) AS n, COUNT(s.master_order_ref) - COUNT(DISTINCT s.master_order_ref) AS extra "
                    + "FROM copy_orders o JOIN signals s ON s.id = o.signal_id WHERE o.link_id = ? AND o.intent = 'PLACE' "
                    // a bracket leg the gateway keeps (target_order_id = its entry) closes, never adds: not a copy here
                    + "AND o.target_order_id IS NULL "
                    + "AND o.state IN ('planned', 'sent', 'acked') AND COALESCE(o.broker_status, 'working') NOT IN "
                    + "('filled', 'cancelled', 'rejected', 'expired') GROUP BY o.symbol", rs -> {
                        working.put(rs.getString("symbol"), rs.getInt("n"));
                        duplicates.put(rs.getString("symbol"), rs.getInt("extra"));
                        return null;
                    }, linkId);
            List<String> symbols = Sql.list(c, "SELECT DISTINCT symbol FROM copy_orders WHERE link_id = ? ORDER BY 1",
                    rs -> rs.getString(1), linkId);
            return new Snapshot(m, f, inFlight, working, duplicates, symbols);
        });
    }

    /** Whether a link has ever ordered a symbol. */
    public boolean linkOrdered(String linkId, String symbol) {
        return db.withConnection(c -> Sql.one(c, "SELECT 1 FROM copy_orders WHERE link_id = ? AND symbol = ? LIMIT 1",
                rs -> rs.getInt(1), linkId, symbol)) != null;
    }

    private static List<PositionStore.Position> positions(Connection c, String account) throws java.sql.SQLException {
        return Sql.list(c, "SELECT * FROM positions WHERE account_id = ? ORDER BY symbol", rs -> new PositionStore.Position(
                rs.getString("account_id"), rs.getString("symbol"), rs.getString("asset_class"), Sql.decimal(rs, "quantity"),
                Sql.decimal(rs, "average_price"), Sql.decimal(rs, "realized_pnl"), Sql.instant(rs, "updated_at")), account);
    }

    /** One row of a run: a link and instrument, what was compared, the class and the action taken. */
    public record Result(String linkId, String followerAccount, String masterSymbol, String symbol, BigDecimal masterQuantity,
                         BigDecimal expected, BigDecimal actual, BigDecimal inFlight, int workingOrders,
                         String classification, String detail, String action, String signalId) {
    }

    public long startRun(String trigger, String actor, String linkId, String accountId) {
        // generated keys, not RETURNING: H2 (the first-run database) has no RETURNING
        return db.withConnection(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO reconciliation_runs (trigger_kind, actor, "
                    + "link_id, account_id, started_at) VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
                Sql.bind(ps, trigger, actor, linkId, accountId, clock.instant());
                ps.executeUpdate();
                try (java.sql.ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    public void finishRun(long runId, List<Result> results) {
        Instant now = clock.instant();
        db.inTransaction(c -> {
            for (Result r : results) {
                Sql.update(c, "INSERT INTO reconciliation_results (run_id, link_id, follower_account_id, master_symbol, symbol, "
                        + "master_quantity, expected, actual, in_flight, working_orders, classification, detail, action, signal_id) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", runId, r.linkId(), r.followerAccount(), r.masterSymbol(),
                        r.symbol(), r.masterQuantity(), r.expected(), r.actual(), r.inFlight(), r.workingOrders(),
                        r.classification(), r.detail() == null ? null : CopyOrderOutbox.truncate(r.detail()), r.action(),
                        r.signalId());
            }
            return Sql.update(c, "UPDATE reconciliation_runs SET finished_at = ? WHERE id = ?", now, runId);
        });
    }

    /** A run with its results, or null. */
    public Map<String, Object> find(long id) {
        return db.withConnection(c -> {
            Map<String, Object> run = Sql.one(c, "SELECT * FROM reconciliation_runs WHERE id = ?", ReconciliationStore::run, id);
            if (run != null) {
                run.put("results", Sql.list(c, "SELECT * FROM reconciliation_results WHERE run_id = ? ORDER BY link_id, symbol",
                        ReconciliationStore::result, id));
            }
            return run;
        });
    }

    public List<Map<String, Object>> recent(int limit) {
        return db.withConnection(c -> Sql.list(c, "SELECT * FROM reconciliation_runs ORDER BY id DESC LIMIT ?",
                ReconciliationStore::run, limit));
    }

    private static Map<String, Object> run(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong("id"));
        m.put("trigger", rs.getString("trigger_kind"));
        m.put("actor", rs.getString("actor"));
        m.put("link", rs.getString("link_id"));
        m.put("account", rs.getString("account_id"));
        m.put("startedAt", Sql.instant(rs, "started_at"));
        m.put("finishedAt", Sql.instant(rs, "finished_at"));
        return m;
    }

    private static Map<String, Object> result(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("link", rs.getString("link_id"));
        m.put("followerAccount", rs.getString("follower_account_id"));
        m.put("masterSymbol", rs.getString("master_symbol"));
        m.put("symbol", rs.getString("symbol"));
        m.put("masterQuantity", plain(Sql.decimal(rs, "master_quantity")));
        m.put("expected", plain(Sql.decimal(rs, "expected")));
        m.put("actual", plain(Sql.decimal(rs, "actual")));
        m.put("inFlight", plain(Sql.decimal(rs, "in_flight")));
        m.put("workingOrders", rs.getInt("working_orders"));
        m.put("classification", rs.getString("classification"));
        m.put("detail", rs.getString("detail"));
        m.put("action", rs.getString("action"));
        m.put("signalId", rs.getString("signal_id"));
        return m;
    }

    private static BigDecimal plain(BigDecimal v) {
        return v == null ? null : v.stripTrailingZeros();
    }
}
