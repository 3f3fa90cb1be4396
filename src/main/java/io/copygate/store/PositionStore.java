package io.copygate.store;

import io.copygate.signal.Fill;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.util.List;

/**
 * Fills and the net positions they add up to, per account and instrument. A fill is applied once
 * (unique on the broker's fill id) and in the same transaction as its position change, so a
 * redelivered execution report cannot move a position twice.
 */
public final class PositionStore {
    private static final MathContext MC = MathContext.DECIMAL64;

    private final Database db;
    private final Clock clock;

    public record Position(String account, String symbol, String assetClass, BigDecimal quantity, BigDecimal averagePrice,
                           BigDecimal realizedPnl, java.time.Instant updatedAt) {
    }

    public PositionStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Applies one fill. {@code pointValue} converts price points into account currency (50 for ES,
     * 1 for equities and crypto). Returns false when this fill was already applied.
     */
    public boolean apply(Fill fill, BigDecimal pointValue) {
        return db.inTransaction(c -> {
            // the row must exist before it can be locked: two first fills of an instrument arriving
            // together would otherwise both see no position and one would fail, losing its fill
            Sql.update(c, "INSERT INTO positions (account_id, symbol, asset_class, quantity, average_price, realized_pnl, "
                    + "updated_at) VALUES (?, ?, ?, 0, 0, 0, ?) ON CONFLICT DO NOTHING", fill.account(),
                    fill.instrument().symbol(), fill.instrument().assetClass(), clock.instant());
            Position current = Sql.one(c, "SELECT * FROM positions WHERE account_id = ? AND symbol = ? FOR UPDATE",
                    PositionStore::map, fill.account(), fill.instrument().symbol());
            BigDecimal qty = current == null ? BigDecimal.ZERO : current.quantity();
            BigDecimal avg = current == null ? BigDecimal.ZERO : current.averagePrice();
            BigDecimal realizedTotal = current == null ? BigDecimal.ZERO : current.realizedPnl();
            BigDecimal fee = fill.fee() == null ? BigDecimal.ZERO : fill.fee();

            BigDecimal signed = fill.side().sign() > 0 ? fill.quantity() : fill.quantity().negate();
            BigDecimal realized = BigDecimal.ZERO;
            BigDecimal newQty = qty.add(signed);
            BigDecimal newAvg;
            if (qty.signum() == 0 || qty.signum() == signed.signum()) {
                // opening or adding: volume-weighted average entry
                newAvg = qty.abs().multiply(avg).add(fill.quantity().multiply(fill.price()))
                        .divide(qty.abs().add(fill.quantity()), MC);
            } else {
                // reducing, closing or reversing: realize against the average entry
                BigDecimal closed = qty.abs().min(fill.quantity());
                realized = fill.price().subtract(avg).multiply(closed).multiply(BigDecimal.valueOf(qty.signum()))
                        .multiply(pointValue);
                newAvg = newQty.signum() == 0 ? BigDecimal.ZERO
                        : newQty.signum() == qty.signum() ? avg : fill.price();
            }
            realized = realized.subtract(fee);

            int inserted = Sql.update(c, "INSERT INTO fills (account_id, fill_id, broker_order_id, copy_order_id, symbol, side, "
                            + "quantity, price, fee, realized_pnl, filled_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                    fill.account(), fill.fillId(), fill.brokerOrderId(),
                    // a master's fill carries its own client order id (any length): only ours name a copy order
                    io.copygate.signal.CopyOrderId.isCopyOrderId(fill.clientOrderId()) ? fill.clientOrderId() : null,
                    fill.instrument().symbol(),
                    fill.side(), fill.quantity(), fill.price(), fee, realized, fill.time());
            if (inserted == 0) {
                return false;
            }
            Sql.update(c, "UPDATE positions SET quantity = ?, average_price = ?, realized_pnl = ?, updated_at = ? "
                            + "WHERE account_id = ? AND symbol = ?", newQty, newAvg, realizedTotal.add(realized), clock.instant(),
                    fill.account(), fill.instrument().symbol());
            return true;
        });
    }

    /** The signed net quantity (zero when flat or never traded). */
    /** Changes whenever a fill of the account in the symbol is recorded: the newest fill's row id (0 for none). */
    public long fillVersion(String account, String symbol) {
        Long v = db.withConnection(c -> Sql.one(c, "SELECT COALESCE(MAX(id), 0) FROM fills WHERE account_id = ? AND symbol = ?",
                rs -> rs.getLong(1), account, symbol));
        return v == null ? 0 : v;
    }

    public BigDecimal quantity(String account, String symbol) {
        BigDecimal q = db.withConnection(c -> Sql.one(c, "SELECT quantity FROM positions WHERE account_id = ? AND symbol = ?",
                rs -> Sql.decimal(rs, "quantity"), account, symbol));
        return q == null ? BigDecimal.ZERO : q;
    }

    public List<Position> positions(String account) {
        return db.withConnection(c -> Sql.list(c, "SELECT * FROM positions WHERE account_id = ? ORDER BY symbol",
                PositionStore::map, account));
    }

    private static Position map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Position(rs.getString("account_id"), rs.getString("symbol"), rs.getString("asset_class"),
                Sql.decimal(rs, "quantity"), Sql.decimal(rs, "average_price"), Sql.decimal(rs, "realized_pnl"),
                Sql.instant(rs, "updated_at"));
    }
}
