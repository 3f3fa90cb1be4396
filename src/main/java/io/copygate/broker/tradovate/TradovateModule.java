package io.copygate.broker.tradovate;

import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerAdapterFactory;
import io.copygate.broker.BrokerContext;

/** Tradovate joins the gateway: adapter and feed share one client, so one login serves both. */
public final class TradovateModule implements BrokerAdapterFactory {
    private TradovateClient client;

    private synchronized TradovateClient client(BrokerContext context) {
        if (client == null) {
            client = new TradovateClient(context.http(), context.clock());
        }
        return client;
    }

    @Override
    public BrokerAdapter create(BrokerContext context) {
        return new TradovateAdapter(client(context), context.clock());
    }

    @Override
    public AccountFeedFactory feeds(BrokerContext context) {
        return new TradovateAccountFeedFactory(client(context));
    }
}
