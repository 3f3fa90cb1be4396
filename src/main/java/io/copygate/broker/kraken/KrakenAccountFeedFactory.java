package io.copygate.broker.kraken;

import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import java.time.Clock;

/** Opens {@link KrakenAccountFeed}s; one per gateway, sharing the REST client used for tokens and catch-up. */
public final class KrakenAccountFeedFactory implements AccountFeedFactory {
    private final KrakenClient client;
    private final Clock clock;

    public KrakenAccountFeedFactory(BrokerHttp http) {
        this(http, Clock.systemUTC());
    }

    public KrakenAccountFeedFactory(BrokerHttp http, Clock clock) {
        this.client = new KrakenClient(http);
        this.clock = clock;
    }

    @Override
    public String broker() {
        return "kraken";
    }

    @Override
    public KrakenAccountFeed open(BrokerAccount account) {
        return new KrakenAccountFeed(account, client, clock);
    }
}
