package io.copygate.broker;

import java.util.Map;
import java.util.TreeMap;

/** The adapters of the brokers this gateway delivers to, by broker name. */
public final class BrokerAdapters {
    private final Map<String, BrokerAdapter> byBroker = new TreeMap<>();

    public BrokerAdapters add(BrokerAdapter adapter) {
        if (byBroker.putIfAbsent(adapter.broker(), adapter) != null) {
            throw new IllegalStateException("two adapters for broker " + adapter.broker());
        }
        return this;
    }

    public BrokerAdapter of(String broker) {
        BrokerAdapter a = byBroker.get(broker);
        if (a == null) {
            throw new AccountFailedException("no adapter for broker '" + broker + "'; supported: " + byBroker.keySet());
        }
        return a;
    }

    /** Whether the gateway keeps followers' brackets at this broker ({@link BrokerAdapter#takesBracketWithEntry}). */
    public boolean gatewayKeepsBrackets(String broker) {
        BrokerAdapter a = byBroker.get(broker);
        return a != null && !a.takesBracketWithEntry();
    }

    public java.util.Set<String> brokers() {
        return byBroker.keySet();
    }
}
