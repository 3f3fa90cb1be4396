package io.copygate.delivery;

import io.copygate.signal.AssetClass;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderId;
import io.copygate.signal.CopyOrderState;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.TimeInForce;
import io.copygate.store.AccountStore;
import io.copygate.store.KillSwitchStore;
import io.copygate.store.PositionStore;
import io.copygate.store.RiskStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The orders that empty a follower account, or part of it: a cancel of each copy that may still work at
 * its broker (brackets of open positions included) and a market order closing each open position. One
 * piece for the kill switch and the operator's flatten, so both cancel and close the same way.
 */
public final class ClosingOrders {
    private final KillSwitchStore store;
    private final AccountStore accounts;
    private final PositionStore positions;
    private final RiskStore risk;
    private final Predicate<String> gatewayKeepsBrackets;

    /**
     * @param gatewayKeepsBrackets brokers where the gateway placed a follower's bracket legs as copy orders
     *                             of their own: there the legs are cancelled, not their filled entry
     */
    public ClosingOrders(KillSwitchStore store, AccountStore accounts, PositionStore positions, RiskStore risk,
                         Predicate<String> gatewayKeepsBrackets) {
        this.gatewayKeepsBrackets = gatewayKeepsBrackets;
        this.store = store;
        this.accounts = accounts;
        this.positions = positions;
        this.risk = risk;
    }

    /**
     * @param orderLink      the link id the orders carry (not a copy link: who made them, e.g. {@code kill-switch:7})
     * @param onlyLink       when not null, only copies this copy link placed are cancelled
     * @param symbols        which symbols to cancel and close
     * @param closePositions false: cancel only
     */
    public List<CopyOrder> of(Signal signal, String orderLink, String account, String onlyLink, Predicate<String> symbols,
                              boolean closePositions, Instant now) {
        AccountStore.AccountRow row = accounts.account(account);
        List<CopyOrder> orders = new ArrayList<>();
        for (CopyOrder w : store.workingAtBroker(account, onlyLink, gatewayKeepsBrackets)) {
            if (symbols.test(w.instrument().symbol())) {
                orders.add(order(signal, orderLink, row, "cancel:" + w.id(), OrderIntent.CANCEL, w.id(), w.instrument(),
                        w.side(), w.quantity(), w.orderType(), null, now));
            }
        }
        if (closePositions) {
            for (PositionStore.Position p : positions.positions(account)) {
                if (p.quantity().signum() == 0 || !symbols.test(p.symbol())) {
                    continue;
                }
                Instrument instrument = Instrument.parse(p.symbol(), AssetClass.valueOf(p.assetClass()));
                // the newest known price is the closing order's reference (the paper market fills at it)
                orders.add(order(signal, orderLink, row, "flatten:" + p.symbol(), OrderIntent.PLACE, null, instrument,
                        p.quantity().signum() > 0 ? Side.SELL : Side.BUY, p.quantity().abs(), OrderType.MARKET,
                        risk.latestPrice(p.symbol()), now));
            }
        }
        return orders;
    }

    private static CopyOrder order(Signal signal, String link, AccountStore.AccountRow account, String part, OrderIntent intent,
                                   String target, Instrument instrument, Side side, BigDecimal quantity, OrderType type,
                                   BigDecimal reference, Instant now) {
        return new CopyOrder(CopyOrderId.of(signal.id(), account.id(), part), signal.id(), link, account.tenant(), account.id(),
                account.broker(), intent, target, instrument, side, quantity, type, null, null, TimeInForce.DAY, null, reference,
                CopyOrderState.PLANNED, 0, now, null);
    }
}
