package io.copygate.broker.kraken;

import io.copygate.broker.BrokerAccount;
import java.net.URI;

/**
 * Where one account talks to Kraken Spot, from its settings: {@code baseUrl} (default
 * {@code https://api.kraken.com}; paths are {@code /0/private/<Method>} and {@code /0/public/<Method>})
 * and {@code wsUrl} (default {@code wss://ws-auth.kraken.com/v2}, the authenticated WebSocket v2).
 * Kraken Spot has no demo environment.
 */
public record KrakenConfig(URI restBase, URI wsUrl) {
    static final String LIVE_REST = "https://api.kraken.com";
    static final String LIVE_WS = "wss://ws-auth.kraken.com/v2";

    public static KrakenConfig of(BrokerAccount account) {
        String rest = account.setting("baseUrl", LIVE_REST);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        return new KrakenConfig(URI.create(rest), URI.create(account.setting("wsUrl", LIVE_WS)));
    }
}
