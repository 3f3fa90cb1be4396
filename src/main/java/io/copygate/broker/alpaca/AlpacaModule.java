package io.copygate.broker.alpaca;

import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerAdapterFactory;
import io.copygate.broker.BrokerContext;

/** Alpaca joins the gateway (docs/brokers/alpaca.md). */
public final class AlpacaModule implements BrokerAdapterFactory {

    @Override
    public BrokerAdapter create(BrokerContext context) {
        return new AlpacaAdapter(context.http());
    }

    @Override
    public AccountFeedFactory feeds(BrokerContext context) {
        return new AlpacaAccountFeedFactory(context.http());
    }
}
