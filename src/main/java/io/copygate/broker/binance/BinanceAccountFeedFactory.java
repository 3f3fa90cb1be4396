package io.copygate.broker.binance;

import io.copygate.broker.AccountFeed;
import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import java.time.Clock;

/** Opens {@link BinanceAccountFeed}s; one per gateway, sharing the REST client used for catch-up. */
public final class BinanceAccountFeedFactory implements AccountFeedFactory {
    private final BinanceClient client;
    private final Clock clock;

    public BinanceAccountFeedFactory(BrokerHttp http) {
        this(http, Clock.systemUTC());
    }

    public BinanceAccountFeedFactory(BrokerHttp http, Clock clock) {
        this.client = new BinanceClient(http, clock);
        this.clock = clock;
    }

    @Override
    public String broker() {
        return "binance";
    }

    @Override
    public BinanceAccountFeed open(BrokerAccount account) {
        return new BinanceAccountFeed(account, client, clock);
    }
}
