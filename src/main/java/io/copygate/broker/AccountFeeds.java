package io.copygate.broker;

import java.util.Map;
import java.util.TreeMap;

/** The account feed factories of the brokers whose accounts can stream their events, by broker name. */
public final class AccountFeeds {
    private final Map<String, AccountFeedFactory> byBroker = new TreeMap<>();

    public AccountFeeds add(AccountFeedFactory factory) {
        if (byBroker.putIfAbsent(factory.broker(), factory) != null) {
            throw new IllegalStateException("two account feeds for broker " + factory.broker());
        }
        return this;
    }

    public AccountFeedFactory of(String broker) {
        AccountFeedFactory f = byBroker.get(broker);
        if (f == null) {
            throw new IllegalArgumentException("broker '" + broker + "' has no account feed; feeds exist for " + byBroker.keySet());
        }
        return f;
    }
}
