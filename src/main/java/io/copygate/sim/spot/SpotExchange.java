package io.copygate.sim.spot;

import io.copygate.signal.Side;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The matching and balance keeping shared by the crypto venue sandboxes (Binance, Kraken,
 * Coinbase): each venue's sandbox checks its own auth, filters and error wording, then calls this.
 * There is no order book: the tests set a last price per market; a marketable order fills whole at
 * it, a resting limit fills at its limit price when the last price crosses it, a stop triggers
 * when the last price reaches it. A buy holds quote, a sell holds base; without the funds the
 * venue gets {@link InsufficientFundsException}. Everything runs under one lock, and events are
 * delivered under it, in order.
 */
public final class SpotExchange {

    /** The account lacks the free balance the order needs. */
    public static final class InsufficientFundsException extends RuntimeException {
        public InsufficientFundsException(String message) {
            super(message);
        }
    }

    private final Clock clock;
    private final Map<String, SpotMarket> markets = new LinkedHashMap<>();
    private final Map<String, Map<String, BigDecimal[]>> balances = new HashMap<>(); // account → asset → {free, held}
    private final Map<String, SpotOrder> ordersById = new LinkedHashMap<>();
    private final List<Consumer<SpotEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong tradeIds = new AtomicLong(1000);

    public SpotExchange(Clock clock) {
        this.clock = clock;
    }

    public void onEvent(Consumer<SpotEvent> listener) {
        listeners.add(listener);
    }

    public synchronized SpotMarket addMarket(String base, String quote, BigDecimal lastPrice) {
        SpotMarket m = markets.computeIfAbsent(base + "/" + quote, k -> new SpotMarket(base, quote));
        if (lastPrice != null) {
            m.lastPrice = lastPrice;
        }
        return m;
    }

    public synchronized Optional<SpotMarket> market(String key) {
        return Optional.ofNullable(markets.get(key));
    }

    public synchronized List<SpotMarket> markets() {
        return List.copyOf(markets.values());
    }

    /** Sets an account's free balance of an asset (a deposit, as far as the tests are concerned). */
    public synchronized void setBalance(String account, String asset, BigDecimal free) {
        slot(account, asset)[0] = free;
    }

    public synchronized BigDecimal free(String account, String asset) {
        return slot(account, asset)[0];
    }

    public synchronized BigDecimal held(String account, String asset) {
        return slot(account, asset)[1];
    }

    /** All balances of an account: asset → {free, held}. */
    public synchronized Map<String, BigDecimal[]> balances(String account) {
        Map<String, BigDecimal[]> copy = new LinkedHashMap<>();
        balances.getOrDefault(account, Map.of()).forEach((a, v) -> copy.put(a, new BigDecimal[] {v[0], v[1]}));
        return copy;
    }

    public synchronized Optional<SpotOrder> order(String orderId) {
        return Optional.ofNullable(ordersById.get(orderId));
    }

    /** The open order of the account with this client order id, if any. */
    public synchronized Optional<SpotOrder> openByClientId(String account, String clientOrderId) {
        return ordersById.values().stream()
                .filter(o -> o.account.equals(account) && o.isOpen() && clientOrderId.equals(o.clientOrderId))
                .findFirst();
    }

    /** The latest order of the account with this client order id, open or closed. */
    public synchronized Optional<SpotOrder> latestByClientId(String account, String clientOrderId) {
        return ordersById.values().stream()
                .filter(o -> o.account.equals(account) && clientOrderId.equals(o.clientOrderId))
                .max(Comparator.comparing((SpotOrder o) -> o.created).thenComparing(o -> o.orderId));
    }

    public synchronized List<SpotOrder> orders(String account) {
        return ordersById.values().stream().filter(o -> o.account.equals(account)).toList();
    }

    /**
     * Places an order: holds the funds, fills it if marketable, expires an unfilled IOC/FOK, else
     * keeps it working. The caller has checked everything venue-specific.
     */
    public synchronized SpotOrder place(String orderId, String account, String marketKey, Side side,
                                        String clientOrderId, SpotOrder.Type type, SpotOrder.TimeInForce tif,
                                        BigDecimal quantity, BigDecimal limitPrice, BigDecimal stopPrice,
                                        Instant expireAt) {
        SpotMarket market = markets.get(marketKey);
        if (market == null) {
            throw new IllegalArgumentException("no market " + marketKey);
        }
        expireDue();
        SpotOrder o = new SpotOrder(orderId, account, market, side, clientOrderId, type, tif, quantity, limitPrice,
                stopPrice, expireAt, now());
        hold(o, o.quantity);
        ordersById.put(orderId, o);
        emit(SpotEvent.Kind.NEW, o, null);
        work(o, true);
        return o;
    }

    /** Cancels a working order and releases what it held. */
    public synchronized SpotOrder cancel(SpotOrder o, String reason) {
        if (!o.isOpen()) {
            throw new IllegalStateException("order " + o.orderId + " is " + o.status);
        }
        close(o, SpotOrder.Status.CANCELED, reason);
        return o;
    }

    /**
     * Changes a working order in place (quantity and/or prices; null keeps a value). The new
     * quantity counts what already filled. Throws {@link InsufficientFundsException} and leaves the
     * order unchanged when the new hold does not fit.
     */
    public synchronized SpotOrder amend(SpotOrder o, BigDecimal newQuantity, BigDecimal newLimit, BigDecimal newStop) {
        if (!o.isOpen()) {
            throw new IllegalStateException("order " + o.orderId + " is " + o.status);
        }
        BigDecimal oldQty = o.quantity;
        BigDecimal oldLimit = o.limitPrice;
        BigDecimal oldStop = o.stopPrice;
        release(o);
        o.quantity = newQuantity != null ? newQuantity : o.quantity;
        o.limitPrice = newLimit != null ? newLimit : o.limitPrice;
        o.stopPrice = newStop != null ? newStop : o.stopPrice;
        try {
            if (o.remaining().signum() <= 0) {
                o.quantity = o.executed;
                close(o, o.executed.signum() > 0 ? SpotOrder.Status.FILLED : SpotOrder.Status.CANCELED,
                        "amended below the filled quantity");
                return o;
            }
            hold(o, o.remaining());
        } catch (InsufficientFundsException e) {
            o.quantity = oldQty;
            o.limitPrice = oldLimit;
            o.stopPrice = oldStop;
            hold(o, o.remaining());
            throw e;
        }
        o.updated = now();
        emit(SpotEvent.Kind.AMENDED, o, null);
        work(o, true);
        return o;
    }

    /** Sets the last price of a market and works every order it crosses or triggers. */
    public synchronized void setPrice(String marketKey, BigDecimal price) {
        SpotMarket market = markets.get(marketKey);
        if (market == null) {
            throw new IllegalArgumentException("no market " + marketKey);
        }
        market.lastPrice = price;
        expireDue();
        for (SpotOrder o : new ArrayList<>(ordersById.values())) {
            if (o.market == market && o.isOpen()) {
                work(o, false);
            }
        }
    }

    /** Fills part of a working order at a price (for partial-fill scenarios). */
    public synchronized void fillPartially(SpotOrder o, BigDecimal quantity, BigDecimal price) {
        if (!o.isOpen() || quantity.compareTo(o.remaining()) > 0) {
            throw new IllegalStateException("cannot fill " + quantity + " of " + o.orderId);
        }
        execute(o, quantity, price, true);
    }

    /** Expires working good-till-date orders whose time has come (also done on every placement and price change). */
    public synchronized void expireDue() {
        Instant now = now();
        for (SpotOrder o : new ArrayList<>(ordersById.values())) {
            if (o.isOpen() && o.expireAt != null && !now.isBefore(o.expireAt)) {
                close(o, SpotOrder.Status.EXPIRED, "good-till-date expired");
            }
        }
    }

    /** {@code arriving}: the order just came in (or was just amended) and takes the last price. */
    private void work(SpotOrder o, boolean arriving) {
        BigDecimal last = o.market.lastPrice;
        if (last == null || !o.isOpen()) {
            return;
        }
        if (o.isStop() && !o.triggered) {
            boolean reached = o.side == Side.BUY ? last.compareTo(o.stopPrice) >= 0 : last.compareTo(o.stopPrice) <= 0;
            if (!reached) {
                return;
            }
            o.triggered = true;
            arriving = true; // a triggered stop enters the market now
        }
        if (o.type == SpotOrder.Type.MARKET || o.type == SpotOrder.Type.STOP_MARKET) {
            execute(o, o.remaining(), last, false);
            return;
        }
        boolean crosses = o.side == Side.BUY ? o.limitPrice.compareTo(last) >= 0 : o.limitPrice.compareTo(last) <= 0;
        if (crosses) {
            execute(o, o.remaining(), arriving ? last : o.limitPrice, !arriving);
        } else if (o.timeInForce == SpotOrder.TimeInForce.IOC || o.timeInForce == SpotOrder.TimeInForce.FOK) {
            close(o, SpotOrder.Status.EXPIRED, "not marketable");
        }
    }

    private void execute(SpotOrder o, BigDecimal qty, BigDecimal price, boolean maker) {
        Instant now = now();
        BigDecimal quote = qty.multiply(price);
        if (o.side == Side.BUY) {
            BigDecimal[] q = slot(o.account, o.market.quote());
            BigDecimal heldForThis = o.held.multiply(qty).divide(o.remaining(), 18, java.math.RoundingMode.HALF_UP);
            q[1] = q[1].subtract(heldForThis);
            q[0] = q[0].add(heldForThis).subtract(quote);
            o.held = o.held.subtract(heldForThis);
            BigDecimal[] b = slot(o.account, o.market.base());
            b[0] = b[0].add(qty);
        } else {
            BigDecimal[] b = slot(o.account, o.market.base());
            b[1] = b[1].subtract(qty);
            o.held = o.held.subtract(qty);
            BigDecimal[] q = slot(o.account, o.market.quote());
            q[0] = q[0].add(quote);
        }
        SpotTrade t = new SpotTrade(tradeIds.incrementAndGet(), o.orderId, qty, price, quote, maker, now);
        o.trades.add(t);
        o.executed = o.executed.add(qty);
        o.executedQuote = o.executedQuote.add(quote);
        o.updated = now;
        o.status = o.remaining().signum() == 0 ? SpotOrder.Status.FILLED : SpotOrder.Status.PARTIALLY_FILLED;
        if (o.status == SpotOrder.Status.FILLED && o.side == Side.BUY && o.held.signum() != 0) {
            BigDecimal[] q = slot(o.account, o.market.quote());
            q[1] = q[1].subtract(o.held);
            q[0] = q[0].add(o.held);
            o.held = BigDecimal.ZERO;
        }
        emit(SpotEvent.Kind.TRADE, o, t);
    }

    private void close(SpotOrder o, SpotOrder.Status status, String reason) {
        release(o);
        o.status = status;
        o.closeReason = reason;
        o.updated = now();
        emit(status == SpotOrder.Status.CANCELED ? SpotEvent.Kind.CANCELED : SpotEvent.Kind.EXPIRED, o, null);
    }

    private void hold(SpotOrder o, BigDecimal qty) {
        String asset;
        BigDecimal amount;
        if (o.side == Side.BUY) {
            BigDecimal price = o.limitPrice != null ? o.limitPrice : o.stopPrice != null ? o.stopPrice : o.market.lastPrice;
            if (price == null) {
                throw new IllegalStateException("no price for " + o.market.key());
            }
            asset = o.market.quote();
            amount = qty.multiply(price);
        } else {
            asset = o.market.base();
            amount = qty;
        }
        BigDecimal[] s = slot(o.account, asset);
        if (s[0].compareTo(amount) < 0) {
            throw new InsufficientFundsException("needs " + amount.toPlainString() + " " + asset + ", free "
                    + s[0].toPlainString());
        }
        s[0] = s[0].subtract(amount);
        s[1] = s[1].add(amount);
        o.held = amount;
    }

    private void release(SpotOrder o) {
        BigDecimal[] s = slot(o.account, o.side == Side.BUY ? o.market.quote() : o.market.base());
        s[1] = s[1].subtract(o.held);
        s[0] = s[0].add(o.held);
        o.held = BigDecimal.ZERO;
    }

    private BigDecimal[] slot(String account, String asset) {
        return balances.computeIfAbsent(account, k -> new HashMap<>())
                .computeIfAbsent(asset, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
    }

    private void emit(SpotEvent.Kind kind, SpotOrder o, SpotTrade t) {
        SpotEvent e = new SpotEvent(kind, o, t);
        for (Consumer<SpotEvent> l : listeners) {
            l.accept(e);
        }
    }

    public Instant now() {
        return clock.instant();
    }
}
