package io.copygate.broker.coinbase;

import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import java.time.Clock;

/** Opens {@link CoinbaseAccountFeed}s; one per gateway, sharing the REST client used for catch-up. */
public final class CoinbaseAccountFeedFactory implements AccountFeedFactory {
    private final CoinbaseClient client;
    private final Clock clock;

    public CoinbaseAccountFeedFactory(BrokerHttp http) {
        this(http, Clock.systemUTC());
    }

    public CoinbaseAccountFeedFactory(BrokerHttp http, Clock clock) {
        this.client = new CoinbaseClient(http);
        this.clock = clock;
    }

    @Override
    public String broker() {
        return "coinbase";
    }

    @Override
    public CoinbaseAccountFeed open(BrokerAccount account) {
        return new CoinbaseAccountFeed(account, client, clock);
    }
}
