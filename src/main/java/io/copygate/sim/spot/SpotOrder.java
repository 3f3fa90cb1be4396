package io.copygate.sim.spot;

import io.copygate.signal.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One order on the simulated spot exchange, in neutral terms; each venue sandbox renders it in its
 * own field names and status words. Mutated only under the {@link SpotExchange}'s lock.
 */
public final class SpotOrder {
    public enum Type { MARKET, LIMIT, STOP_MARKET, STOP_LIMIT }

    public enum TimeInForce { GTC, IOC, FOK, GTD }

    public enum Status { NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED }

    final String orderId;
    final String account;
    final SpotMarket market;
    final Side side;
    String clientOrderId;
    Type type;
    TimeInForce timeInForce;
    BigDecimal quantity;
    BigDecimal limitPrice;
    BigDecimal stopPrice;
    Instant expireAt;
    Status status = Status.NEW;
    boolean triggered;
    BigDecimal executed = BigDecimal.ZERO;
    BigDecimal executedQuote = BigDecimal.ZERO;
    /** Funds held for the unfilled part (quote for a buy, base for a sell). */
    BigDecimal held = BigDecimal.ZERO;
    final Instant created;
    Instant updated;
    String closeReason;
    final List<SpotTrade> trades = new ArrayList<>();

    SpotOrder(String orderId, String account, SpotMarket market, Side side, String clientOrderId, Type type,
              TimeInForce tif, BigDecimal quantity, BigDecimal limitPrice, BigDecimal stopPrice, Instant expireAt,
              Instant now) {
        this.orderId = orderId;
        this.account = account;
        this.market = market;
        this.side = side;
        this.clientOrderId = clientOrderId;
        this.type = type;
        this.timeInForce = tif;
        this.quantity = quantity;
        this.limitPrice = limitPrice;
        this.stopPrice = stopPrice;
        this.expireAt = expireAt;
        this.created = now;
        this.updated = now;
    }

    public String orderId() { return orderId; }
    public String account() { return account; }
    public SpotMarket market() { return market; }
    public Side side() { return side; }
    public String clientOrderId() { return clientOrderId; }
    public Type type() { return type; }
    public TimeInForce timeInForce() { return timeInForce; }
    public BigDecimal quantity() { return quantity; }
    public BigDecimal limitPrice() { return limitPrice; }
    public BigDecimal stopPrice() { return stopPrice; }
    public Instant expireAt() { return expireAt; }
    public Status status() { return status; }
    public boolean triggered() { return triggered; }
    public BigDecimal executed() { return executed; }
    public BigDecimal executedQuote() { return executedQuote; }
    public BigDecimal remaining() { return quantity.subtract(executed); }
    public Instant created() { return created; }
    public Instant updated() { return updated; }
    public String closeReason() { return closeReason; }
    public List<SpotTrade> trades() { return List.copyOf(trades); }

    public boolean isOpen() {
        return status == Status.NEW || status == Status.PARTIALLY_FILLED;
    }

    public boolean isStop() {
        return type == Type.STOP_MARKET || type == Type.STOP_LIMIT;
    }

    /** Average fill price, or null before the first fill. */
    public BigDecimal averagePrice() {
        return executed.signum() == 0 ? null
                : executedQuote.divide(executed, 12, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
