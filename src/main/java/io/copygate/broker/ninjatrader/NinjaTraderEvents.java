package io.copygate.broker.ninjatrader;

import io.copygate.broker.BrokerAccount;
import io.copygate.signal.Fill;
import io.copygate.signal.Instrument;
import io.copygate.signal.InvalidSignalException;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What an add-on event means to the gateway: pure functions, no I/O.
 *
 * <p><b>A trader's own order on the account</b> ({@code clientOrderId} null: not placed by copygate) is
 * order-mode copying: the first update that shows it live at NinjaTrader ({@code accepted},
 * {@code working}, ..., {@code filled}) is an {@code ORDER_NEW} — not {@code submitted}, so an order
 * NinjaTrader rejects at once is never copied; a later live update whose quantity or prices differ
 * from what the journal last copied is an {@code ORDER_MODIFY}; {@code cancelled} (or {@code rejected}
 * after it was copied) is an {@code ORDER_CANCEL}; NinjaTrader's own {@code Close} order (its Flatten,
 * the Close buttons) is a {@code FLATTEN} of that instrument, so followers close what they hold rather
 * than sell a scaled quantity. Executions are {@code FILL}s. The master order reference is NinjaTrader's
 * {@code orderId}.
 *
 * <p><b>Orders copygate placed</b> (a copy order, or a bracket leg the add-on made for one) are never
 * copied, whatever links the account has: an account that is a follower and a master at once would
 * otherwise echo copies back and forth. Their updates move the copy order's broker status; their
 * executions, like every execution, move the account's positions.
 *
 * <p>Repeats are harmless: the journal keeps one signal per source event id, fills are unique per account
 * and execution id.
 */
final class NinjaTraderEvents {
    static final String SOURCE = "ninjatrader";
    /** States in which NinjaTrader has accepted the order (a first sighting in one of them is a new order). */
    private static final Set<String> LIVE = Set.of("accepted", "working", "triggerPending", "partFilled", "filled",
            "changePending", "changeSubmitted");
    private static final Set<SignalKind> COPIED = Set.of(SignalKind.ORDER_NEW, SignalKind.ORDER_MODIFY);

    private NinjaTraderEvents() {
    }

    /**
     * The signal a trader's own order update or execution means, or null when it means nothing new.
     *
     * @param lastCopied the latest order signal journaled for a NinjaTrader order id of this account
     */
    static Signal masterSignal(NinjaTraderEvent e, BrokerAccount account, Function<String, Optional<Signal>> lastCopied,
                               Instant now) {
        if (e.placedByCopygate()) {
            return null;
        }
        if (e.isExecution()) {
            return draft(e, account, now).kind(SignalKind.FILL).sourceEventId(account.id() + ":" + e.eventId())
                    .instrument(instrument(e)).side(fillSide(e)).quantity(e.quantity()).price(e.price()).build();
        }
        if (e.orderId() == null || e.state() == null) {
            return null;
        }
        Optional<Signal> last = lastCopied.apply(e.orderId());
        if (LIVE.contains(e.state())) {
            if (last.isEmpty()) {
                Signal.Builder first = draft(e, account, now).sourceEventId(account.id() + ":new:" + e.orderId()).instrument(instrument(e));
                return "Close".equals(e.name()) ? first.kind(SignalKind.FLATTEN).build() : terms(first, e).kind(SignalKind.ORDER_NEW).build();
            }
            if (COPIED.contains(last.get().kind()) && changed(last.get(), e)) {
                return terms(draft(e, account, now), e).kind(SignalKind.ORDER_MODIFY).sourceEventId(account.id() + ":" + e.eventId())
                        .instrument(instrument(e)).build();
            }
            return null;
        }
        if (("cancelled".equals(e.state()) || "rejected".equals(e.state())) && last.isPresent() && COPIED.contains(last.get().kind())) {
            return draft(e, account, now).kind(SignalKind.ORDER_CANCEL).sourceEventId(account.id() + ":cancel:" + e.orderId())
                    .instrument(instrument(e)).build();
        }
        return null;
    }

    /** An execution as the account's fill; a bracket leg's fill is filed under its entry's copy order. */
    static Fill fill(NinjaTraderEvent e, BrokerAccount account) {
        if (e.quantity() == null || e.quantity().signum() <= 0 || e.price() == null) {
            throw InvalidSignalException.invalid("quantity", "an execution needs a positive quantity and a price");
        }
        String copyOrder = e.parentClientOrderId() != null ? e.parentClientOrderId() : e.clientOrderId();
        return new Fill(account.id(), e.executionId() != null ? e.executionId() : e.eventId(), e.orderId(), copyOrder,
                instrument(e), fillSide(e), e.quantity(), e.price(), BigDecimal.ZERO, e.time());
    }

    private static Signal.Builder draft(NinjaTraderEvent e, BrokerAccount account, Instant now) {
        return Signal.builder().id(UUID.randomUUID().toString()).tenant(account.tenant()).source(SOURCE)
                .masterAccount(account.id()).masterOrderRef(e.orderId()).sourceTime(e.time()).receivedTime(now).raw(e.raw());
    }

    private static Signal.Builder terms(Signal.Builder s, NinjaTraderEvent e) {
        OrderType type = orderType(e.orderType());
        BigDecimal quantity = e.quantity() != null ? e.quantity() : e.orderQuantity();
        // the master's price is a fill price or nothing: a limit is not where the market trades
        BigDecimal reference = e.averageFillPrice();
        return s.side(side(e.action())).quantity(quantity).orderType(type)
                .limitPrice(type.needsLimitPrice() ? e.limitPrice() : null)
                .stopPrice(type.needsStopPrice() ? e.stopPrice() : null)
                .timeInForce(timeInForce(e.timeInForce())).price(reference);
    }

    private static boolean changed(Signal last, NinjaTraderEvent e) {
        return !same(last.quantity(), e.quantity() != null ? e.quantity() : e.orderQuantity())
                || !same(last.limitPrice(), last.orderType() != null && last.orderType().needsLimitPrice() ? e.limitPrice() : null)
                || !same(last.stopPrice(), last.orderType() != null && last.orderType().needsStopPrice() ? e.stopPrice() : null);
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return Objects.equals(a, b) || (a != null && b != null && a.compareTo(b) == 0);
    }

    static Instrument instrument(NinjaTraderEvent e) {
        try {
            return NinjaTraderSymbolCodec.fromNinjaTrader(e.instrument());
        } catch (IllegalArgumentException unmappable) {
            throw InvalidSignalException.invalid("instrument", unmappable.getMessage());
        }
    }

    static Side side(String action) {
        if ("buy".equals(action) || "buyToCover".equals(action)) {
            return Side.BUY;
        }
        if ("sell".equals(action) || "sellShort".equals(action)) {
            return Side.SELL;
        }
        throw InvalidSignalException.invalid("action", "action must be buy, sell, sellShort or buyToCover, was '" + action + "'");
    }

    /** The fill's own side (marketPosition long = a buy fill), else the order's. */
    private static Side fillSide(NinjaTraderEvent e) {
        if ("long".equals(e.marketPosition())) {
            return Side.BUY;
        }
        if ("short".equals(e.marketPosition())) {
            return Side.SELL;
        }
        return side(e.action());
    }

    static OrderType orderType(String type) {
        return switch (type == null ? "" : type) {
            case "market" -> OrderType.MARKET;
            case "limit" -> OrderType.LIMIT;
            case "stopMarket" -> OrderType.STOP;
            case "stopLimit" -> OrderType.STOP_LIMIT;
            default -> throw InvalidSignalException.invalid("orderType", "a NinjaTrader " + type + " order cannot be copied: "
                    + "copygate copies market, limit, stopMarket and stopLimit orders");
        };
    }

    /** GTD becomes GTC: the master's expiry arrives as its own cancel, which is copied. */
    static TimeInForce timeInForce(String tif) {
        return switch (tif == null ? "day" : tif) {
            case "day" -> TimeInForce.DAY;
            case "gtc", "gtd" -> TimeInForce.GTC;
            case "ioc" -> TimeInForce.IOC;
            default -> throw InvalidSignalException.invalid("timeInForce", "a NinjaTrader order with time in force " + tif
                    + " cannot be copied: copygate copies day, gtc, gtd and ioc");
        };
    }
}
