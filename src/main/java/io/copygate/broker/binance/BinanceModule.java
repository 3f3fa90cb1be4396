package io.copygate.broker.binance;

import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerAdapterFactory;
import io.copygate.broker.BrokerContext;

/** Binance joins the gateway (docs/brokers/binance.md). */
public final class BinanceModule implements BrokerAdapterFactory {

    @Override
    public BrokerAdapter create(BrokerContext context) {
        return new BinanceAdapter(context.http(), context.clock());
    }

    @Override
    public AccountFeedFactory feeds(BrokerContext context) {
        return new BinanceAccountFeedFactory(context.http(), context.clock());
    }
}
