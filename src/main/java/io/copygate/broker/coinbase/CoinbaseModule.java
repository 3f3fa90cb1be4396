package io.copygate.broker.coinbase;

import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerAdapterFactory;
import io.copygate.broker.BrokerContext;

/** Coinbase joins the gateway (docs/brokers/coinbase.md). */
public final class CoinbaseModule implements BrokerAdapterFactory {

    @Override
    public BrokerAdapter create(BrokerContext context) {
        return new CoinbaseAdapter(context.http(), context.clock());
    }

    @Override
    public AccountFeedFactory feeds(BrokerContext context) {
        return new CoinbaseAccountFeedFactory(context.http(), context.clock());
    }
}
