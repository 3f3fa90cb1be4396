package io.copygate.broker.tradovate;

import io.copygate.broker.AccountFeed;
import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import java.time.Clock;
import java.time.Duration;

/** Opens the WebSocket feeds of Tradovate accounts (masters, and followers for their fills). */
public final class TradovateAccountFeedFactory implements AccountFeedFactory {
    private final TradovateClient client;
    private final Clock clock;
    private final Duration idleTimeout;

    public TradovateAccountFeedFactory(BrokerHttp http) {
        this(new TradovateClient(http));
    }

    /** Share the client with {@link TradovateAdapter} so a login keeps one session. */
    public TradovateAccountFeedFactory(TradovateClient client) {
        this(client, Clock.systemUTC(), Duration.ofSeconds(10));
    }

    /** @param idleTimeout reconnect when the server sends nothing, not even {@code h}, for this long */
    public TradovateAccountFeedFactory(TradovateClient client, Clock clock, Duration idleTimeout) {
        this.client = client;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public String broker() {
        return TradovateAdapter.BROKER;
    }

    @Override
    public AccountFeed open(BrokerAccount account) {
        return new TradovateAccountFeed(client, account, clock, idleTimeout);
    }
}
