package io.copygate.store;

import io.copygate.signal.AssetClass;
import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderState;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The one mapping between {@link CopyOrder} and a {@code copy_orders} row. */
final class CopyOrderRows {
    static final String COLUMNS = "id, signal_id, link_id, tenant_id, follower_account_id, broker, intent, target_order_id, "
            + "symbol, asset_class, side, quantity, order_type, limit_price, stop_price, time_in_force, stop_loss, "
            + "stop_loss_limit, take_profit, reference_price, state, attempts, last_error, received_at, planned_at, updated_at";

    private CopyOrderRows() {
    }

    static void insertAll(Connection c, List<CopyOrder> orders, Instant plannedAt) throws SQLException {
        if (orders.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO copy_orders (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (CopyOrder o : orders) {
                Bracket b = o.bracket();
                Sql.bind(ps, o.id(), o.signalId(), o.linkId(), o.tenant(), o.followerAccount(), o.broker(), o.intent(),
                        o.targetOrderId(), o.instrument().symbol(), o.instrument().assetClass(), o.side(), o.quantity(),
                        o.orderType(), o.limitPrice(), o.stopPrice(), o.timeInForce(),
                        b == null ? null : b.stopLoss(), b == null ? null : b.stopLossLimit(),
                        b == null ? null : b.takeProfit(), o.referencePrice(), o.state().dbValue(), o.attempts(),
                        o.lastError(), o.signalReceivedAt(), plannedAt, plannedAt);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static boolean insertIfAbsent(Connection c, CopyOrder o, Instant plannedAt) throws SQLException {
        Bracket b = o.bracket();
        return Sql.update(c, "INSERT INTO copy_orders (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                        + "ON CONFLICT DO NOTHING", o.id(), o.signalId(), o.linkId(), o.tenant(), o.followerAccount(), o.broker(),
                o.intent(), o.targetOrderId(), o.instrument().symbol(), o.instrument().assetClass(), o.side(), o.quantity(),
                o.orderType(), o.limitPrice(), o.stopPrice(), o.timeInForce(), b == null ? null : b.stopLoss(),
                b == null ? null : b.stopLossLimit(), b == null ? null : b.takeProfit(), o.referencePrice(),
                o.state().dbValue(), o.attempts(), o.lastError(), o.signalReceivedAt(), plannedAt, plannedAt) == 1;
    }

    static CopyOrder map(ResultSet rs) throws SQLException {
        BigDecimal sl = Sql.decimal(rs, "stop_loss");
        BigDecimal sll = Sql.decimal(rs, "stop_loss_limit");
        BigDecimal tp = Sql.decimal(rs, "take_profit");
        return new CopyOrder(
                rs.getString("id"), rs.getString("signal_id"), rs.getString("link_id"), rs.getString("tenant_id"),
                rs.getString("follower_account_id"), rs.getString("broker"),
                Sql.enumOf(rs, "intent", OrderIntent.class), rs.getString("target_order_id"),
                Instrument.parse(rs.getString("symbol"), Sql.enumOf(rs, "asset_class", AssetClass.class)),
                Sql.enumOf(rs, "side", Side.class), Sql.decimal(rs, "quantity"),
                Sql.enumOf(rs, "order_type", OrderType.class), Sql.decimal(rs, "limit_price"),
                Sql.decimal(rs, "stop_price"), Sql.enumOf(rs, "time_in_force", TimeInForce.class),
                sl == null && tp == null ? null : new Bracket(sl, sll, tp),
                Sql.decimal(rs, "reference_price"), CopyOrderState.fromDb(rs.getString("state")),
                rs.getInt("attempts"), Sql.instant(rs, "received_at"), rs.getString("last_error"));
    }
}
