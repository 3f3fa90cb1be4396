package io.copygate.broker.kraken;

import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerAdapterFactory;
import io.copygate.broker.BrokerContext;

/** Kraken joins the gateway (docs/brokers/kraken.md). */
public final class KrakenModule implements BrokerAdapterFactory {

    @Override
    public BrokerAdapter create(BrokerContext context) {
        return new KrakenAdapter(context.http());
    }

    @Override
    public AccountFeedFactory feeds(BrokerContext context) {
        return new KrakenAccountFeedFactory(context.http(), context.clock());
    }
}
