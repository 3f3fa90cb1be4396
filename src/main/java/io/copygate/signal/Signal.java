package io.copygate.signal;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One trading event of a master account, in canonical form, whatever channel it came in on.
 *
 * @param id             copygate's id, assigned at ingest; copy order ids derive from it
 * @param sourceEventId  the upstream event's own id (alert id, broker order event id); null when the
 *                       source sent none, in which case the journal deduplicates on the body
 * @param price          the master's reference price (TradingView {@code price}/{@code signalPrice}, the
 *                       master's fill price): fills paper market orders, bounds slippage, resolves brackets
 * @param targetPosition for {@link SignalKind#POSITION_TARGET}: the master's signed position after the event
 * @param raw            the payload as received, kept for audit
 * @param closeOpposite  for {@link SignalKind#ORDER_NEW}: the entry takes the master to this side whatever it held
 *                       (TradersPost {@code buy}/{@code sell} with a matching {@code sentiment}), so a follower
 *                       holding the other side first closes it, then enters (close-then-open). Planning only:
 *                       the journal keeps the orders it made, not the flag
 */
public record Signal(
        String id,
        String tenant,
        String source,
        String sourceEventId,
        String masterAccount,
        SignalKind kind,
        Instrument instrument,
        Side side,
        BigDecimal quantity,
        OrderType orderType,
        BigDecimal limitPrice,
        BigDecimal stopPrice,
        TimeInForce timeInForce,
        Bracket bracket,
        String masterOrderRef,
        BigDecimal price,
        BigDecimal targetPosition,
        Instant sourceTime,
        Instant receivedTime,
        String raw,
        boolean closeOpposite) {

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().id(id).tenant(tenant).source(source).sourceEventId(sourceEventId)
                .masterAccount(masterAccount).kind(kind).instrument(instrument).side(side).quantity(quantity)
                .orderType(orderType).limitPrice(limitPrice).stopPrice(stopPrice).timeInForce(timeInForce)
                .bracket(bracket).masterOrderRef(masterOrderRef).price(price).targetPosition(targetPosition)
                .sourceTime(sourceTime).receivedTime(receivedTime).raw(raw).closeOpposite(closeOpposite);
    }

    /**
     * Checks that the signal is complete for its kind. Throws {@link InvalidSignalException} naming
     * the first offending field; a valid signal passes unchanged.
     */
    public Signal validate() {
        require(kind != null, "action", "the signal has no action");
        switch (kind) {
            case ORDER_NEW -> {
                requireInstrument();
                require(side != null, "action", "an order needs a side (buy or sell)");
                requirePositive(quantity, "quantity");
                require(orderType != null, "orderType", "an order needs an order type");
                if (orderType.needsLimitPrice()) {
                    require(limitPrice != null, "limitPrice", orderType + " order needs limitPrice");
                }
                if (orderType.needsStopPrice()) {
                    require(stopPrice != null, "stopPrice", orderType + " order needs stopPrice");
                }
                requirePositiveIfPresent(limitPrice, "limitPrice");
                requirePositiveIfPresent(stopPrice, "stopPrice");
                if (bracket != null) {
                    requirePositiveIfPresent(bracket.stopLoss(), "stopLoss");
                    requirePositiveIfPresent(bracket.takeProfit(), "takeProfit");
                }
            }
            case ORDER_MODIFY, ORDER_CANCEL -> requireInstrument();
            case POSITION_TARGET -> {
                requireInstrument();
                require(targetPosition != null, "sentiment", "a position target needs the target position");
            }
            case FILL -> {
                requireInstrument();
                require(side != null, "side", "a fill needs a side");
                requirePositive(quantity, "quantity");
                requirePositive(price, "price");
            }
            case FLATTEN -> { /* instrument optional: none flattens the whole account */ }
        }
        requirePositiveIfPresent(price, "price");
        return this;
    }

    private void requireInstrument() {
        require(instrument != null, "ticker", "the signal names no instrument");
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw InvalidSignalException.invalid(field, message);
        }
    }

    private static void requirePositive(BigDecimal value, String field) {
        require(value != null, field, field + " is required");
        require(value.signum() > 0, field, field + " must be greater than zero, was " + value.toPlainString());
    }

    private static void requirePositiveIfPresent(BigDecimal value, String field) {
        if (value != null) {
            require(value.signum() > 0, field, field + " must be greater than zero, was " + value.toPlainString());
        }
    }

    /** Builds a signal field by field; normalizers use it because most fields are optional. */
    public static final class Builder {
        private String id;
        private String tenant;
        private String source;
        private String sourceEventId;
        private String masterAccount;
        private SignalKind kind;
        private Instrument instrument;
        private Side side;
        private BigDecimal quantity;
        private OrderType orderType;
        private BigDecimal limitPrice;
        private BigDecimal stopPrice;
        private TimeInForce timeInForce;
        private Bracket bracket;
        private String masterOrderRef;
        private BigDecimal price;
        private BigDecimal targetPosition;
        private Instant sourceTime;
        private Instant receivedTime;
        private String raw;
        private boolean closeOpposite;

        public Builder id(String v) { id = v; return this; }
        public Builder tenant(String v) { tenant = v; return this; }
        public Builder source(String v) { source = v; return this; }
        public Builder sourceEventId(String v) { sourceEventId = v; return this; }
        public Builder masterAccount(String v) { masterAccount = v; return this; }
        public Builder kind(SignalKind v) { kind = v; return this; }
        public Builder instrument(Instrument v) { instrument = v; return this; }
        public Builder side(Side v) { side = v; return this; }
        public Builder quantity(BigDecimal v) { quantity = v; return this; }
        public Builder orderType(OrderType v) { orderType = v; return this; }
        public Builder limitPrice(BigDecimal v) { limitPrice = v; return this; }
        public Builder stopPrice(BigDecimal v) { stopPrice = v; return this; }
        public Builder timeInForce(TimeInForce v) { timeInForce = v; return this; }
        public Builder bracket(Bracket v) { bracket = v; return this; }
        public Builder masterOrderRef(String v) { masterOrderRef = v; return this; }
        public Builder price(BigDecimal v) { price = v; return this; }
        public Builder targetPosition(BigDecimal v) { targetPosition = v; return this; }
        public Builder sourceTime(Instant v) { sourceTime = v; return this; }
        public Builder receivedTime(Instant v) { receivedTime = v; return this; }
        public Builder raw(String v) { raw = v; return this; }
        public Builder closeOpposite(boolean v) { closeOpposite = v; return this; }

        public Signal build() {
            return new Signal(id, tenant, source, sourceEventId, masterAccount, kind, instrument, side, quantity,
                    orderType, limitPrice, stopPrice, timeInForce, bracket, masterOrderRef, price, targetPosition,
                    sourceTime, receivedTime, raw, closeOpposite);
        }
    }
}
