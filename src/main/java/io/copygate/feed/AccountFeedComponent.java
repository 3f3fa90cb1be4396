package io.copygate.feed;

import io.copygate.broker.AccountFeeds;
import io.copygate.delivery.AccountEvents;
import io.copygate.delivery.BrokerAccounts;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code account-feed:<account id>}: a broker account's live event stream as a route's consumer. The
 * account's broker decides the feed (WebSocket, HTTP stream, poller); each order event arrives as an
 * exchange whose body is a canonical {@link io.copygate.signal.Signal}; fills and order status go
 * straight to {@link AccountEvents}.
 */
public final class AccountFeedComponent extends DefaultComponent {
    private final AccountFeeds feeds;
    private final BrokerAccounts accounts;
    private final AccountEvents events;

    public AccountFeedComponent(AccountFeeds feeds, BrokerAccounts accounts, AccountEvents events) {
        this.feeds = feeds;
        this.accounts = accounts;
        this.events = events;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("account-feed needs an account id: account-feed:<account>");
        }
        return new AccountFeedEndpoint(uri, this, remaining);
    }

    AccountFeeds feeds() {
        return feeds;
    }

    BrokerAccounts accounts() {
        return accounts;
    }

    AccountEvents events() {
        return events;
    }
}
