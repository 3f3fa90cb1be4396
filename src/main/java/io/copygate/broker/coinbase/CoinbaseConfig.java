package io.copygate.broker.coinbase;

import io.copygate.broker.BrokerAccount;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Where one account talks to Coinbase Advanced Trade, from its settings: {@code baseUrl} (default
 * {@code https://api.coinbase.com}, paths {@code /api/v3/brokerage/*}), {@code wsUrl} (default
 * {@code wss://advanced-trade-ws-user.coinbase.com}), {@code jwtHost}, the host named in every JWT's
 * {@code uri} claim (default {@code api.coinbase.com}; Coinbase checks it, so it stays the same when
 * {@code baseUrl} points at the sandbox), {@code lookupHours} (how far back a client order id is
 * searched, default 48) and {@code products}, the product ids the master feed subscribes to.
 * Coinbase has no paper environment.
 */
public record CoinbaseConfig(URI restBase, URI wsUrl, String jwtHost, Duration lookupWindow, List<String> products) {
    static final String LIVE_REST = "https://api.coinbase.com";
    static final String LIVE_WS = "wss://advanced-trade-ws-user.coinbase.com";
    static final String PREFIX = "/api/v3/brokerage";

    public static CoinbaseConfig of(BrokerAccount account) {
        String rest = account.setting("baseUrl", LIVE_REST);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        long hours;
        try {
            hours = Long.parseLong(account.setting("lookupHours", "48").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("account " + account.id() + ": setting 'lookupHours' must be a number");
        }
        List<String> products = Arrays.stream(account.setting("products", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(String::toUpperCase).toList();
        return new CoinbaseConfig(URI.create(rest), URI.create(account.setting("wsUrl", LIVE_WS)),
                account.setting("jwtHost", "api.coinbase.com"), Duration.ofHours(hours), products);
    }
}
