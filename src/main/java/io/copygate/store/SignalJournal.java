package io.copygate.store;

import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopySkip;
import io.copygate.signal.Signal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable record of accepted signals. A signal, its planned copy orders and its recorded skips
 * are written in ONE transaction, before the source is acknowledged; if the transaction fails,
 * nothing of it exists. A repeat of an already journaled event is recognised here and placed
 * nowhere: by its {@code sourceEventId} when the source sent one, otherwise by the same body from
 * the same master within the dedupe window.
 */
public final class SignalJournal {
    private final Database db;
    private final Duration dedupeWindow;
    private final Clock clock;

    /** What journaling did: either a new signal with its plan, or the original a repeat duplicates. */
    public record Entry(Signal signal, List<CopyOrder> orders, List<CopySkip> skips, boolean duplicate,
                        String originalSignalId) {
    }

    public SignalJournal(Database db, Duration dedupeWindow, Clock clock) {
        this.db = db;
        this.dedupeWindow = dedupeWindow;
        this.clock = clock;
    }

    /** A signal with the orders planned for it, before it is journaled. */
    public record Planned(Signal signal, List<CopyOrder> orders) {
    }

    public Entry record(Signal signal, List<CopyOrder> orders, List<CopySkip> skips) {
        return db.inTransaction(c -> record(c, signal, orders, skips));
    }

    /** {@link #record(Signal, List, List)} inside the caller's transaction (a kill switch journals its orders with it). */
    public Entry record(Connection c, Signal signal, List<CopyOrder> orders, List<CopySkip> skips) throws SQLException {
        String bodyHash = sha256(signal.masterAccount() + '\n' + (signal.raw() == null ? "" : signal.raw()));
        Instant journaledAt = clock.instant();
        {
            String eventId = signal.sourceEventId();
            if (eventId == null) {
                // Serialise identical bodies of this master so two arriving together cannot both pass; other
                // bodies of the same master go on in parallel (a row lock per master and body hash).
                Sql.update(c, "INSERT INTO signal_bodies (master_account_id, body_sha256) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        signal.masterAccount(), bodyHash);
                Sql.one(c, "SELECT body_sha256 FROM signal_bodies WHERE master_account_id = ? AND body_sha256 = ? FOR UPDATE",
                        rs -> rs.getString(1), signal.masterAccount(), bodyHash);
                String original = Sql.one(c, "SELECT id FROM signals WHERE master_account_id = ? AND body_sha256 = ? "
                                + "AND received_at > ? ORDER BY received_at DESC",
                        rs -> rs.getString(1), signal.masterAccount(), bodyHash,
                        signal.receivedTime().minus(dedupeWindow));
                if (original != null) {
                    return new Entry(signal, List.of(), List.of(), true, original);
                }
                eventId = "body:" + bodyHash + ":" + signal.receivedTime().toEpochMilli();
            }
            if (insertSignal(c, signal, eventId, bodyHash, journaledAt) == 0) {
                String original = Sql.one(c, "SELECT id FROM signals WHERE source = ? AND source_event_id = ?",
                        rs -> rs.getString(1), signal.source(), eventId);
                return new Entry(signal, List.of(), List.of(), true, original);
            }
            CopyOrderRows.insertAll(c, orders, journaledAt);
            insertSkips(c, skips, journaledAt);
            return new Entry(signal, orders, skips, false, null);
        }
    }

    private static int insertSignal(Connection c, Signal s, String eventId, String bodyHash, Instant journaledAt)
            throws SQLException {
        Bracket b = s.bracket();
        return Sql.update(c, "INSERT INTO signals (id, tenant_id, source, source_event_id, master_account_id, kind, symbol, "
                        + "asset_class, side, quantity, order_type, limit_price, stop_price, time_in_force, stop_loss, "
                        + "stop_loss_limit, take_profit, price, target_position, master_order_ref, body_sha256, source_time, "
                        + "received_at, journaled_at, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                        + "ON CONFLICT DO NOTHING",
                s.id(), s.tenant(), s.source(), eventId, s.masterAccount(), s.kind(),
                s.instrument() == null ? null : s.instrument().symbol(),
                s.instrument() == null ? null : s.instrument().assetClass(), s.side(), s.quantity(), s.orderType(),
                s.limitPrice(), s.stopPrice(), s.timeInForce(), b == null ? null : b.stopLoss(),
                b == null ? null : b.stopLossLimit(), b == null ? null : b.takeProfit(), s.price(), s.targetPosition(),
                s.masterOrderRef(), bodyHash, s.sourceTime(), s.receivedTime(), journaledAt, s.raw());
    }

    private static void insertSkips(Connection c, List<CopySkip> skips, Instant at) throws SQLException {
        if (skips.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO copy_skips (signal_id, link_id, follower_account_id, "
                + "reason_code, reason, created_at) VALUES (?,?,?,?,?,?)")) {
            for (CopySkip s : skips) {
                Sql.bind(ps, s.signalId(), s.linkId(), s.followerAccount(), s.reasonCode(), s.reason(), at);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * The latest order signal (ORDER_NEW, ORDER_MODIFY, ORDER_CANCEL, FLATTEN) journaled for one order of a
     * master, by the master's own order reference; null when none. The order's terms as copied so far.
     */
    public Signal lastOrderSignal(String masterAccount, String masterOrderRef) {
        return db.withConnection(c -> Sql.one(c, "SELECT * FROM signals WHERE master_account_id = ? AND master_order_ref = ? "
                        + "AND kind IN ('ORDER_NEW', 'ORDER_MODIFY', 'ORDER_CANCEL', 'FLATTEN') "
                        + "ORDER BY journaled_at DESC, received_at DESC LIMIT 1", SignalJournal::orderSignal,
                masterAccount, masterOrderRef));
    }

    private static Signal orderSignal(java.sql.ResultSet rs) throws SQLException {
        String symbol = rs.getString("symbol");
        return Signal.builder().id(rs.getString("id")).tenant(rs.getString("tenant_id")).source(rs.getString("source"))
                .sourceEventId(rs.getString("source_event_id")).masterAccount(rs.getString("master_account_id"))
                .kind(Sql.enumOf(rs, "kind", io.copygate.signal.SignalKind.class))
                .instrument(symbol == null ? null : io.copygate.signal.Instrument.parse(symbol,
                        Sql.enumOf(rs, "asset_class", io.copygate.signal.AssetClass.class)))
                .side(Sql.enumOf(rs, "side", io.copygate.signal.Side.class)).quantity(Sql.decimal(rs, "quantity"))
                .orderType(Sql.enumOf(rs, "order_type", io.copygate.signal.OrderType.class))
                .limitPrice(Sql.decimal(rs, "limit_price")).stopPrice(Sql.decimal(rs, "stop_price"))
                .timeInForce(Sql.enumOf(rs, "time_in_force", io.copygate.signal.TimeInForce.class))
                .masterOrderRef(rs.getString("master_order_ref")).price(Sql.decimal(rs, "price"))
                .sourceTime(Sql.instant(rs, "source_time")).receivedTime(Sql.instant(rs, "received_at")).build();
    }

    /** A journaled signal as stored (for the API), or null. */
    public Map<String, Object> find(String id) {
        return db.withConnection(c -> Sql.one(c, "SELECT * FROM signals WHERE id = ?", SignalJournal::row, id));
    }

    /** The newest signals, optionally of one master account. */
    public List<Map<String, Object>> recent(String masterAccount, int limit) {
        return db.withConnection(c -> masterAccount == null
                ? Sql.list(c, "SELECT * FROM signals ORDER BY received_at DESC, id LIMIT " + limit, SignalJournal::row)
                : Sql.list(c, "SELECT * FROM signals WHERE master_account_id = ? ORDER BY received_at DESC, id LIMIT " + limit,
                        SignalJournal::row, masterAccount));
    }

    public List<CopySkip> skipsOf(String signalId) {
        return db.withConnection(c -> Sql.list(c, "SELECT * FROM copy_skips WHERE signal_id = ? ORDER BY id",
                rs -> new CopySkip(rs.getString("signal_id"), rs.getString("link_id"), rs.getString("follower_account_id"),
                        rs.getString("reason_code"), rs.getString("reason")), signalId));
    }

    private static Map<String, Object> row(java.sql.ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getString("id"));
        m.put("tenant", rs.getString("tenant_id"));
        m.put("source", rs.getString("source"));
        m.put("sourceEventId", rs.getString("source_event_id"));
        m.put("masterAccount", rs.getString("master_account_id"));
        m.put("kind", rs.getString("kind"));
        m.put("instrument", rs.getString("symbol"));
        m.put("assetClass", rs.getString("asset_class"));
        m.put("side", rs.getString("side"));
        m.put("quantity", Sql.decimal(rs, "quantity"));
        m.put("orderType", rs.getString("order_type"));
        m.put("limitPrice", Sql.decimal(rs, "limit_price"));
        m.put("stopPrice", Sql.decimal(rs, "stop_price"));
        m.put("timeInForce", rs.getString("time_in_force"));
        m.put("stopLoss", Sql.decimal(rs, "stop_loss"));
        m.put("takeProfit", Sql.decimal(rs, "take_profit"));
        m.put("price", Sql.decimal(rs, "price"));
        m.put("targetPosition", Sql.decimal(rs, "target_position"));
        m.put("masterOrderRef", rs.getString("master_order_ref"));
        m.put("sourceTime", Sql.instant(rs, "source_time"));
        m.put("receivedAt", Sql.instant(rs, "received_at"));
        m.put("journaledAt", Sql.instant(rs, "journaled_at"));
        return m;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
