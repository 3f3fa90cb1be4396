package io.copygate.broker.paper;

import io.copygate.broker.ExecutionListener;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.DuplicateClientOrderIdException;
import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.Fill;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.store.Database;
import io.copygate.store.Sql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The built-in simulated broker ({@code direct:dest-paper}): a book of orders per paper account in the
 * database. It behaves like a broker where it matters to a copier: it refuses a duplicate client
 * order id, fills market orders at the master's price (or the configured quote), keeps limit and stop
 * orders working until a later price crosses them, runs a bracket's stop-loss and take-profit as an
 * OCO pair once the entry fills, and reports every fill and status change as a broker's events would.
 * A paper account's equity, for the sizing modes that read it, is its {@code settings.equity} in
 * gateway.yaml (a fixed number: the paper book does not mark its positions to market).
 */
public final class PaperBroker implements BrokerAdapter, io.copygate.broker.AccountEquitySource {
    public static final String NAME = "paper";
    private static final String COLUMNS = "broker_order_id, client_order_id, account_id, symbol, asset_class, side, quantity, "
            + "order_type, limit_price, stop_price, time_in_force, status, oco_group, parent_order_id, created_at, updated_at";

    private final Database db;
    private final PaperQuotes quotes;
    private final ExecutionListener events;
    private final Clock clock;
    private final Duration latency;

    public PaperBroker(Database db, PaperQuotes quotes, ExecutionListener events, Clock clock, Duration latency) {
        this.db = db;
        this.quotes = quotes;
        this.events = events;
        this.clock = clock;
        this.latency = latency;
    }

    @Override
    public String broker() {
        return NAME;
    }

    @Override
    public java.util.concurrent.CompletableFuture<BigDecimal> equityAsync(BrokerAccount account) {
        String equity = account.setting("equity", null);
        if (equity == null) {
            return java.util.concurrent.CompletableFuture.failedFuture(new BrokerRejectedException(
                    "paper account " + account.id() + " has no settings.equity in gateway.yaml"));
        }
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(new BigDecimal(equity.trim()));
        } catch (NumberFormatException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(new BrokerRejectedException(
                    "paper account " + account.id() + ": settings.equity must be a number, was " + equity));
        }
    }

    @Override
    public BrokerAck place(CopyOrder order, BrokerAccount account) {
        simulateLatency();
        String symbol = order.instrument().symbol();
        if (order.referencePrice() != null) {
            trade(symbol, order.referencePrice());
        }
        if (order.quantity() == null || order.quantity().signum() <= 0) {
            throw new BrokerRejectedException("quantity must be positive");
        }
        BigDecimal last = quotes.last(symbol);
        if (order.orderType() == OrderType.MARKET && last == null) {
            throw new BrokerRejectedException("paper broker has no price for " + symbol
                    + ": send price in the alert or set a quote (POST /api/paper/quotes)");
        }
        String id = newId();
        Instant now = clock.instant();
        try {
            db.inTransaction(c -> {
                insert(c, id, order.id(), account.id(), order, order.side(), order.quantity(), order.orderType(),
                        order.limitPrice(), order.stopPrice(), "working", null, null, now);
                Bracket b = order.bracket();
                if (b != null) {
                    // the legs wait for the entry's fill, then cancel each other (OCO)
                    Side exit = order.side().opposite();
                    if (b.stopLoss() != null) {
                        insert(c, newId(), order.id() + ".sl", account.id(), order, exit, order.quantity(),
                                b.stopLossLimit() != null ? OrderType.STOP_LIMIT : OrderType.STOP, b.stopLossLimit(),
                                b.stopLoss(), "pending", order.id(), id, now);
                    }
                    if (b.takeProfit() != null) {
                        insert(c, newId(), order.id() + ".tp", account.id(), order, exit, order.quantity(), OrderType.LIMIT,
                                b.takeProfit(), null, "pending", order.id(), id, now);
                    }
                }
                return null;
            });
        } catch (io.copygate.store.StoreException e) {
            if (e.getCause() instanceof SQLException sql && Sql.isUniqueViolation(sql)) {
                throw new DuplicateClientOrderIdException("client order id " + order.id() + " already exists in account "
                        + account.id());
            }
            throw e;
        }
        events.onOrderStatus(account.id(), order.id(), id, "working", BigDecimal.ZERO);
        if (last != null) {
            fillIfCrossed(id, last);
        }
        PaperOrder placed = find(account.id(), order.id()).orElseThrow();
        return new BrokerAck(id, symbol, placed.status(), false);
    }

    /**
     * The order under this client order id. Like a real broker's order query it also reports the order's
     * fill again when it is filled: an attempt whose fill could not be recorded is repaired by the
     * lookup that follows it (fills are recorded once per fill id, so a repeat changes nothing).
     */
    @Override
    public Optional<BrokerAck> findByClientOrderId(CopyOrder order, BrokerAccount account) {
        Optional<PaperOrder> found = find(account.id(), order.id());
        found.filter(o -> "filled".equals(o.status())).ifPresent(this::reportFill);
        return found.map(o -> new BrokerAck(o.brokerOrderId(), o.instrument().symbol(), o.status(), false));
    }

    private void reportFill(PaperOrder o) {
        String copyOrderId = o.parentOrderId() == null ? o.clientOrderId() : null;
        events.onFill(new Fill(o.account(), o.brokerOrderId() + "-1", o.brokerOrderId(), copyOrderId, o.instrument(), o.side(),
                o.quantity(), o.averagePrice(), BigDecimal.ZERO, clock.instant()));
        events.onOrderStatus(o.account(), o.clientOrderId(), o.brokerOrderId(), "filled", o.quantity());
    }

    @Override
    public BrokerAck cancel(CopyOrder order, BrokerAccount account) {
        simulateLatency();
        PaperOrder target = find(account.id(), order.targetOrderId()).orElseThrow(() ->
                new BrokerRejectedException("no order with client order id " + order.targetOrderId()));
        int n = db.withConnection(c -> Sql.update(c, "UPDATE paper_orders SET status = 'cancelled', updated_at = ? "
                + "WHERE (broker_order_id = ? OR parent_order_id = ?) AND status IN ('working', 'pending')",
                clock.instant(), target.brokerOrderId(), target.brokerOrderId()));
        if (n == 0) {
            throw new BrokerRejectedException("order " + order.targetOrderId() + " is " + target.status() + " and cannot be cancelled");
        }
        events.onOrderStatus(account.id(), target.clientOrderId(), target.brokerOrderId(), "cancelled", null);
        return new BrokerAck(target.brokerOrderId(), target.instrument().symbol(), "cancelled", false);
    }

    @Override
    public BrokerAck modify(CopyOrder order, BrokerAccount account) {
        simulateLatency();
        PaperOrder target = find(account.id(), order.targetOrderId()).orElseThrow(() ->
                new BrokerRejectedException("no order with client order id " + order.targetOrderId()));
        int n = db.withConnection(c -> Sql.update(c, "UPDATE paper_orders SET quantity = COALESCE(?, quantity), "
                        + "limit_price = COALESCE(?, limit_price), stop_price = COALESCE(?, stop_price), updated_at = ? "
                        + "WHERE broker_order_id = ? AND status = 'working'", order.quantity(), order.limitPrice(),
                order.stopPrice(), clock.instant(), target.brokerOrderId()));
        if (n == 0) {
            throw new BrokerRejectedException("order " + order.targetOrderId() + " is " + target.status() + " and cannot be changed");
        }
        BigDecimal last = quotes.last(target.instrument().symbol());
        if (last != null) {
            fillIfCrossed(target.brokerOrderId(), last);
        }
        return new BrokerAck(target.brokerOrderId(), target.instrument().symbol(), "working", false);
    }

    /** A trade in the paper market: the quote moves and working orders it crosses fill. */
    public void trade(String symbol, BigDecimal price) {
        quotes.set(symbol, price);
        List<String> working = db.withConnection(c -> Sql.list(c, "SELECT broker_order_id FROM paper_orders "
                + "WHERE symbol = ? AND status = 'working' ORDER BY created_at", rs -> rs.getString(1), symbol));
        for (String id : working) {
            fillIfCrossed(id, price);
        }
    }

    private void fillIfCrossed(String brokerOrderId, BigDecimal price) {
        PaperOrder o = db.withConnection(c -> Sql.one(c, "SELECT * FROM paper_orders WHERE broker_order_id = ?",
                PaperOrder::map, brokerOrderId));
        if (o == null || !"working".equals(o.status())) {
            return;
        }
        BigDecimal fillPrice = o.fillPriceAt(price);
        if (fillPrice == null) {
            return;
        }
        List<PaperOrder> activated = new ArrayList<>();
        List<PaperOrder> cancelled = new ArrayList<>();
        boolean filled = db.inTransaction(c -> {
            Instant now = clock.instant();
            // conditional: two prices arriving together cannot fill one order twice
            if (Sql.update(c, "UPDATE paper_orders SET status = 'filled', filled_quantity = quantity, average_price = ?, "
                    + "updated_at = ? WHERE broker_order_id = ? AND status = 'working'", fillPrice, now, brokerOrderId) == 0) {
                return false;
            }
            if (o.ocoGroup() != null) {
                cancelled.addAll(Sql.list(c, "SELECT * FROM paper_orders WHERE oco_group = ? AND broker_order_id <> ? "
                        + "AND status IN ('working', 'pending')", PaperOrder::map, o.ocoGroup(), brokerOrderId));
                Sql.update(c, "UPDATE paper_orders SET status = 'cancelled', updated_at = ? WHERE oco_group = ? "
                        + "AND broker_order_id <> ? AND status IN ('working', 'pending')", now, o.ocoGroup(), brokerOrderId);
            }
            activated.addAll(Sql.list(c, "SELECT * FROM paper_orders WHERE parent_order_id = ? AND status = 'pending'",
                    PaperOrder::map, brokerOrderId));
            Sql.update(c, "UPDATE paper_orders SET status = 'working', updated_at = ? WHERE parent_order_id = ? "
                    + "AND status = 'pending'", now, brokerOrderId);
            return true;
        });
        if (!filled) {
            return;
        }
        reportFill(new PaperOrder(o.brokerOrderId(), o.clientOrderId(), o.account(), o.instrument(), o.side(), o.quantity(),
                o.type(), o.limitPrice(), o.stopPrice(), "filled", o.ocoGroup(), o.parentOrderId(), fillPrice));
        for (PaperOrder sibling : cancelled) {
            events.onOrderStatus(sibling.account(), sibling.clientOrderId(), sibling.brokerOrderId(), "cancelled", null);
        }
        for (PaperOrder leg : activated) {
            fillIfCrossed(leg.brokerOrderId(), fillPrice);
        }
    }

    /** The account's orders, newest first, for the API and tests. */
    public List<java.util.Map<String, Object>> orders(String account) {
        return db.withConnection(c -> Sql.list(c, "SELECT * FROM paper_orders WHERE account_id = ? ORDER BY created_at DESC",
                rs -> {
                    PaperOrder o = PaperOrder.map(rs);
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("brokerOrderId", o.brokerOrderId());
                    m.put("clientOrderId", o.clientOrderId());
                    m.put("account", o.account());
                    m.put("symbol", o.instrument().symbol());
                    m.put("side", o.side());
                    m.put("quantity", o.quantity());
                    m.put("orderType", o.type());
                    m.put("limitPrice", o.limitPrice());
                    m.put("stopPrice", o.stopPrice());
                    m.put("status", o.status());
                    m.put("averagePrice", o.averagePrice());
                    m.put("ocoGroup", o.ocoGroup());
                    return m;
                }, account));
    }

    private Optional<PaperOrder> find(String account, String clientOrderId) {
        return Optional.ofNullable(db.withConnection(c -> Sql.one(c, "SELECT * FROM paper_orders WHERE account_id = ? "
                + "AND client_order_id = ?", PaperOrder::map, account, clientOrderId)));
    }

    private static void insert(Connection c, String id, String clientOrderId, String account, CopyOrder order, Side side,
                               BigDecimal quantity, OrderType type, BigDecimal limit, BigDecimal stop, String status,
                               String ocoGroup, String parent, Instant now) throws SQLException {
        Sql.update(c, "INSERT INTO paper_orders (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                id, clientOrderId, account, order.instrument().symbol(), order.instrument().assetClass(), side, quantity,
                type, limit, stop, order.timeInForce() == null ? "DAY" : order.timeInForce(), status, ocoGroup, parent, now, now);
    }

    private static String newId() {
        return "P" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private void simulateLatency() {
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.copygate.broker.OutcomeUnknownException("interrupted", e);
            }
        }
    }
}
