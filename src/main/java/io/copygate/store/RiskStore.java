package io.copygate.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The reads behind the risk guards: working and recent orders, realized P&amp;L, last known prices. */
public final class RiskStore {
    /** Orders that may be working at the broker: journaled or sent, or acked and not finished there. */
    static final String WORKING = "intent = 'PLACE' AND state IN ('planned', 'sent', 'acked') "
            + "AND COALESCE(broker_status, 'working') NOT IN ('filled', 'cancelled', 'rejected', 'expired')";

    private final Database db;
    /** Read for every order delivered; only {@link #setAccountRisk} writes the column. */
    private final RowCache<String, java.util.Optional<String>> accountRisk = new RowCache<>();
    /** Read for every planned link; only {@link #setTenantRisk} writes the column. */
    private final RowCache<String, java.util.Optional<String>> tenantRisk = new RowCache<>();

    public RiskStore(Database db) {
        this.db = db;
    }

    public String accountRiskJson(String account) {
        return accountRisk.get(account, id -> java.util.Optional.ofNullable(db.withConnection(c -> Sql.one(c,
                "SELECT risk FROM accounts WHERE id = ?", rs -> rs.getString(1), id)))).orElse(null);
    }

    /** Delivery attempts an order has started (the outbox's count, not a message's stale copy). */
    public int attempts(String orderId) {
        Integer n = db.withConnection(c -> Sql.one(c, "SELECT attempts FROM copy_orders WHERE id = ?", rs -> rs.getInt(1), orderId));
        return n == null ? 0 : n;
    }

    /** A tenant's own risk limits JSON ({@code tenants[].risk}), or null; from memory between writes. */
    public String tenantRiskJson(String tenant) {
        return tenantRisk.get(tenant, id -> java.util.Optional.ofNullable(db.withConnection(c -> Sql.one(c,
                "SELECT risk FROM tenants WHERE id = ?", rs -> rs.getString(1), id)))).orElse(null);
    }

    public void setTenantRisk(String tenant, String riskJson) {
        db.withConnection(c -> Sql.update(c, "UPDATE tenants SET risk = ? WHERE id = ?", riskJson, tenant));
        tenantRisk.invalidate();
    }

    public void setAccountRisk(String account, String riskJson) {
        db.withConnection(c -> Sql.update(c, "UPDATE accounts SET risk = ? WHERE id = ?", riskJson, account));
        accountRisk.invalidate();
    }

    public int workingOrders(String account) {
        return count("SELECT count(*) FROM copy_orders WHERE follower_account_id = ? AND " + WORKING, account);
    }

    public int ordersPlannedSince(String account, Instant since) {
        return count("SELECT count(*) FROM copy_orders WHERE follower_account_id = ? AND planned_at >= ?", account, since);
    }

    public BigDecimal realizedSince(String account, Instant since) {
        return decimal("SELECT COALESCE(SUM(realized_pnl), 0) FROM fills WHERE account_id = ? AND filled_at >= ?", account, since);
    }

    public BigDecimal realizedTotal(String account) {
        return decimal("SELECT COALESCE(SUM(realized_pnl), 0) FROM fills WHERE account_id = ?", account);
    }

    /** The highest cumulative realized P&amp;L over the account's fills in time order, at least zero. */
    public BigDecimal realizedPeak(String account) {
        BigDecimal peak = decimal("SELECT MAX(cumulative) FROM (SELECT SUM(realized_pnl) OVER (ORDER BY filled_at, id) "
                + "AS cumulative FROM fills WHERE account_id = ?) c", account);
        return peak == null || peak.signum() < 0 ? BigDecimal.ZERO : peak;
    }

    /** The newest price of a symbol from a signal or a fill, or null. */
    public BigDecimal latestPrice(String symbol) {
        return db.withConnection(c -> Sql.one(c, "SELECT price FROM (SELECT price, received_at AS at FROM signals "
                + "WHERE symbol = ? AND price IS NOT NULL UNION ALL SELECT price, filled_at AS at FROM fills WHERE symbol = ?) p "
                + "ORDER BY at DESC LIMIT 1", rs -> Sql.decimal(rs, "price"), symbol, symbol));
    }

    /** The newest fill price of a symbol on any account at this broker, or null. */
    public BigDecimal latestFillAt(String broker, String symbol) {
        return db.withConnection(c -> Sql.one(c, "SELECT f.price FROM fills f JOIN accounts a ON a.id = f.account_id "
                + "WHERE a.broker = ? AND f.symbol = ? ORDER BY f.filled_at DESC, f.id DESC LIMIT 1",
                rs -> Sql.decimal(rs, "price"), broker, symbol));
    }

    private int count(String sql, Object... params) {
        return db.withConnection(c -> Sql.one(c, sql, rs -> rs.getInt(1), params));
    }

    private BigDecimal decimal(String sql, Object... params) {
        return db.withConnection(c -> Sql.one(c, sql, rs -> rs.getBigDecimal(1), params));
    }

    /** True while any kill switch is engaged: when none is, a batch of orders needs no check each. */
    public boolean anyEngaged() {
        return db.withConnection(c -> Sql.one(c, "SELECT id FROM kill_switches WHERE released_at IS NULL LIMIT 1",
                rs -> rs.getLong(1))) != null;
    }

    /** Engaged kill switches among these (scope, subject) pairs, newest first. */
    public List<KillSwitchStore.KillSwitch> engaged(String linkId, String account, String tenant) {
        return db.withConnection(c -> Sql.list(c, "SELECT * FROM kill_switches WHERE released_at IS NULL AND "
                + "((scope = 'link' AND subject = ?) OR (scope = 'account' AND subject = ?) OR (scope = 'tenant' AND subject = ?)) "
                + "ORDER BY id DESC", KillSwitchStore::map, linkId, account, tenant));
    }
}
