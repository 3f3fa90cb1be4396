package io.copygate.broker;

import java.util.Map;

/**
 * A follower (or master) account as an adapter needs it: where it lives at the broker, its
 * settings (base URL, demo/live, connection mode) and its decrypted credentials.
 * {@link #toString()} never prints the credentials.
 */
public record BrokerAccount(
        String id,
        String tenant,
        String broker,
        String brokerAccount,
        Map<String, String> settings,
        Map<String, String> credentials) {

    public BrokerAccount {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
    }

    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    /** A credential the adapter cannot work without; a clear, secret-free error when it is missing. */
    public String credential(String key) {
        String value = credentials.get(key);
        if (value == null || value.isBlank()) {
            throw new AccountFailedException("account " + id + " has no credential '" + key + "'");
        }
        return value;
    }

    @Override
    public String toString() {
        return "BrokerAccount[id=" + id + ", broker=" + broker + ", brokerAccount=" + brokerAccount
                + ", settings=" + settings + ", credentials=" + credentials.keySet() + "]";
    }
}
