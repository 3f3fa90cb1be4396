package io.copygate.broker.paper;

import io.copygate.broker.ExecutionListener;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.DuplicateClientOrderIdException;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.Fill;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.store.Database;
import io.copygate.store.Sql;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * orders working until a later trade crosses them, fills them in parts when a trade has a size (a
 * trade of 1 against a working limit for 3 fills 1 of it), cancels the other orders of an OCO group
 * when one fills, and reports every fill and status change as a broker's events would.
 *
 * <p>It takes no bracket with an entry ({@link #takesBracketWithEntry}): the gateway places a
 * follower's stop-loss and take-profit itself once the entry fills ({@code delivery/FollowerBrackets}),
 * as copy orders whose {@code targetOrderId} names the entry; the paper broker puts such legs of one
 * entry in one OCO group.
 *
 * <p>A paper account's equity, for the sizing modes that read it, is its {@code settings.equity} in
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
    public boolean takesBracketWithEntry() {
        return false;
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
                // a gateway-placed bracket leg names its entry: the legs of one entry cancel each other (OCO)
                insert(c, id, order.id(), account.id(), order, order.side(), order.quantity(), order.orderType(),
                        order.limitPrice(), order.stopPrice(), "working", order.targetOrderId(), null, now);
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
            fillIfCrossed(id, last, null);
        }
        PaperOrder placed = find(account.id(), order.id()).orElseThrow();
        return new BrokerAck(id, symbol, brokerStatus(placed), false);
    }

    /**
     * The order under this client order id. Like a real broker's order query it also reports the order's
     * fill again when it is filled: an attempt whose fill could not be recorded is repaired by the
     * lookup that follows it (fills are recorded once per fill id, so a repeat changes nothing).
     */
    @Override
    public Optional<BrokerAck> findByClientOrderId(CopyOrder order, BrokerAccount account) {
        Optional<PaperOrder> found = find(account.id(), order.id());
        // an order filled in parts is not repeated here: only its last fill would be known
        found.filter(o -> "filled".equals(o.status()) && o.fillCount() == 1)
                .ifPresent(o -> reportFill(o, 1, o.quantity(), o.averagePrice(), o.quantity()));
        return found.map(o -> new BrokerAck(o.brokerOrderId(), o.instrument().symbol(), brokerStatus(o), false));
    }

    /** A working order with fills is reported as partially filled, as brokers do. */
    private static String brokerStatus(PaperOrder o) {
        return "working".equals(o.status()) && o.filledQuantity().signum() > 0 ? "partially_filled" : o.status();
    }

    private void reportFill(PaperOrder o, int fillNumber, BigDecimal quantity, BigDecimal price, BigDecimal filledSoFar) {
        events.onFill(new Fill(o.account(), o.brokerOrderId() + "-" + fillNumber, o.brokerOrderId(), o.clientOrderId(),
                o.instrument(), o.side(), quantity, price, BigDecimal.ZERO, clock.instant()));
        events.onOrderStatus(o.account(), o.clientOrderId(), o.brokerOrderId(),
                filledSoFar.compareTo(o.quantity()) >= 0 ? "filled" : "partially_filled", filledSoFar);
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
        if (order.quantity() != null && order.quantity().compareTo(target.filledQuantity()) <= 0) {
            throw new BrokerRejectedException("order " + order.targetOrderId() + " has " + target.filledQuantity().toPlainString()
                    + " filled: the new quantity must be above that");
        }
        int n = db.withConnection(c -> Sql.update(c, "UPDATE paper_orders SET quantity = COALESCE(?, quantity), "
                        + "limit_price = COALESCE(?, limit_price), stop_price = COALESCE(?, stop_price), updated_at = ? "
                        + "WHERE broker_order_id = ? AND status = 'working'", order.quantity(), order.limitPrice(),
                order.stopPrice(), clock.instant(), target.brokerOrderId()));
        if (n == 0) {
            throw new BrokerRejectedException("order " + order.targetOrderId() + " is " + target.status() + " and cannot be changed");
        }
        BigDecimal last = quotes.last(target.instrument().symbol());
        if (last != null) {
            fillIfCrossed(target.brokerOrderId(), last, null);
        }
        return new BrokerAck(target.brokerOrderId(), target.instrument().symbol(), "working", false);
    }

    /** A trade in the paper market: the quote moves and working orders it crosses fill. */
    public void trade(String symbol, BigDecimal price) {
        trade(symbol, price, null);
    }

    /**
     * A trade of {@code size} (null: as much as the book wants) in the paper market: the quote moves and
     * the working orders it crosses fill, oldest first, until the size is used up; an order that gets
     * less than it wants stays working, partially filled.
     */
    public void trade(String symbol, BigDecimal price, BigDecimal size) {
        quotes.set(symbol, price);
        List<String> working = db.withConnection(c -> Sql.list(c, "SELECT broker_order_id FROM paper_orders "
                + "WHERE symbol = ? AND status = 'working' ORDER BY created_at", rs -> rs.getString(1), symbol));
        BigDecimal left = size;
        for (String id : working) {
            if (left != null && left.signum() <= 0) {
                return;
            }
            BigDecimal filled = fillIfCrossed(id, price, left);
            left = left == null ? null : left.subtract(filled);
        }
    }

    /** Fills what the trade at {@code price} gives the order (at most {@code available}); returns that quantity. */
    private BigDecimal fillIfCrossed(String brokerOrderId, BigDecimal price, BigDecimal available) {
        PaperOrder o = db.withConnection(c -> Sql.one(c, "SELECT * FROM paper_orders WHERE broker_order_id = ?",
                PaperOrder::map, brokerOrderId));
        if (o == null || !"working".equals(o.status())) {
            return BigDecimal.ZERO;
        }
        BigDecimal fillPrice = o.fillPriceAt(price);
        if (fillPrice == null) {
            return BigDecimal.ZERO;
        }
        BigDecimal quantity = available == null ? o.remaining() : o.remaining().min(available);
        BigDecimal filledSoFar = o.filledQuantity().add(quantity);
        boolean complete = filledSoFar.compareTo(o.quantity()) >= 0;
        BigDecimal average = o.filledQuantity().signum() == 0 ? fillPrice : o.averagePrice().multiply(o.filledQuantity())
                .add(fillPrice.multiply(quantity)).divide(filledSoFar, 10, RoundingMode.HALF_EVEN).stripTrailingZeros();
        List<PaperOrder> cancelled = new ArrayList<>();
        boolean filled = db.inTransaction(c -> {
            Instant now = clock.instant();
            // conditional on what was read: two trades arriving together cannot fill the same part twice
            if (Sql.update(c, "UPDATE paper_orders SET status = ?, filled_quantity = ?, average_price = ?, "
                    + "fill_count = fill_count + 1, updated_at = ? WHERE broker_order_id = ? AND status = 'working' "
                    + "AND filled_quantity = ?", complete ? "filled" : "working", filledSoFar, average, now, brokerOrderId,
                    o.filledQuantity()) == 0) {
                return false;
            }
            if (complete && o.ocoGroup() != null) {
                cancelled.addAll(Sql.list(c, "SELECT * FROM paper_orders WHERE oco_group = ? AND broker_order_id <> ? "
                        + "AND status IN ('working', 'pending')", PaperOrder::map, o.ocoGroup(), brokerOrderId));
                Sql.update(c, "UPDATE paper_orders SET status = 'cancelled', updated_at = ? WHERE oco_group = ? "
                        + "AND broker_order_id <> ? AND status IN ('working', 'pending')", now, o.ocoGroup(), brokerOrderId);
            }
            return true;
        });
        if (!filled) {
            return BigDecimal.ZERO;
        }
        // the OCO sibling's cancel is reported first: it happened with the fill, and whoever reacts to the
        // fill (the gateway's bracket keeper) must not see the sibling still working
        for (PaperOrder sibling : cancelled) {
            events.onOrderStatus(sibling.account(), sibling.clientOrderId(), sibling.brokerOrderId(), "cancelled", null);
        }
        reportFill(o, o.fillCount() + 1, quantity, fillPrice, filledSoFar);
        return quantity;
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
                    m.put("filledQuantity", o.filledQuantity());
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
