package io.copygate.delivery;

import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerAdapters;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.SymbolRules;
import io.copygate.broker.VenueSizing;
import io.copygate.copy.CopyRules;
import io.copygate.copy.VenueRules;
import io.copygate.signal.AssetClass;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderType;

/** Applies the follower venue's sizing rules and the link's slippage guard through the venue's adapter. */
public final class VenueAdjustments implements VenueRules {
    private final BrokerAdapters adapters;
    private final BrokerAccounts accounts;

    public VenueAdjustments(BrokerAdapters adapters, BrokerAccounts accounts) {
        this.adapters = adapters;
        this.accounts = accounts;
    }

    @Override
    public Result apply(CopyOrder order, CopyRules rules) {
        if (!adapters.brokers().contains(order.broker())) {
            return Result.send(order); // no adapter: dispatch records the dead letter with the reason
        }
        BrokerAdapter adapter = adapters.of(order.broker());
        if (!(adapter instanceof VenueSizing venue)) {
            return Result.send(order);
        }
        var account = accounts.of(order.followerAccount());
        SymbolRules.Sized sized;
        try {
            sized = venue.size(order, account);
        } catch (BrokerRejectedException e) {
            // the venue refuses the instrument itself (e.g. Coinbase lists BTC-USD but not BTC-USDT): the
            // order could never be placed, so it is a skip with the venue's words, not a reject later
            return Result.skip(e.getMessage() + "; the copy is " + order.instrument().symbol()
                    + (order.instrument().assetClass() == AssetClass.CRYPTO ? ", a quoteSwap rule on the link can map its quote currency" : ""));
        }
        if (sized.isSkip()) {
            return Result.skip(sized.skipReason());
        }
        CopyOrder rounded = withQuantity(order, sized);
        if (rules.maxSlippage() != null && rounded.orderType() == OrderType.MARKET && rounded.referencePrice() != null) {
            rounded = venue.guardSlippage(rounded, account, rules.maxSlippage());
        }
        return Result.send(rounded);
    }

    private static CopyOrder withQuantity(CopyOrder o, SymbolRules.Sized sized) {
        return new CopyOrder(o.id(), o.signalId(), o.linkId(), o.tenant(), o.followerAccount(), o.broker(), o.intent(),
                o.targetOrderId(), o.instrument(), o.side(), sized.quantity(), o.orderType(), o.limitPrice(), o.stopPrice(),
                o.timeInForce(), o.bracket(), o.referencePrice(), o.state(), o.attempts(), o.signalReceivedAt(), o.lastError());
    }
}
