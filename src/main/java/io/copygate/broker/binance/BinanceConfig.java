package io.copygate.broker.binance;

import io.copygate.broker.BrokerAccount;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * Where and how one account talks to Binance Spot, from the account's settings:
 * {@code environment} ({@code live} default, {@code testnet}, {@code demo}), {@code baseUrl} and
 * {@code wsApiUrl} to override the hosts (the sandbox), {@code recvWindow} in ms (default 5000,
 * at most 60000) and {@code symbols}, the Binance symbols the master feed catches up after a
 * reconnect (Binance's order history is per symbol).
 */
public record BinanceConfig(URI restBase, URI wsApi, long recvWindowMs, List<String> feedSymbols) {

    static final String LIVE_REST = "https://api.binance.com";
    static final String LIVE_WS = "wss://ws-api.binance.com:443/ws-api/v3";
    static final String TESTNET_REST = "https://testnet.binance.vision";
    static final String TESTNET_WS = "wss://ws-api.testnet.binance.vision/ws-api/v3";
    static final String DEMO_REST = "https://demo-api.binance.com";
    static final String DEMO_WS = "wss://demo-ws-api.binance.com/ws-api/v3";

    public static BinanceConfig of(BrokerAccount account) {
        String env = account.setting("environment", "live").trim().toLowerCase();
        String rest;
        String ws;
        switch (env) {
            case "live" -> { rest = LIVE_REST; ws = LIVE_WS; }
            case "testnet" -> { rest = TESTNET_REST; ws = TESTNET_WS; }
            case "demo" -> { rest = DEMO_REST; ws = DEMO_WS; }
            default -> throw new IllegalArgumentException("account " + account.id()
                    + ": setting 'environment' must be live, testnet or demo, was '" + env + "'");
        }
        rest = stripSlash(account.setting("baseUrl", rest));
        ws = account.setting("wsApiUrl", ws);
        long recvWindow;
        try {
            recvWindow = Long.parseLong(account.setting("recvWindow", "5000").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("account " + account.id() + ": setting 'recvWindow' must be a number of ms");
        }
        if (recvWindow <= 0 || recvWindow > 60000) {
            throw new IllegalArgumentException("account " + account.id()
                    + ": setting 'recvWindow' must be 1..60000 ms, was " + recvWindow);
        }
        List<String> symbols = Arrays.stream(account.setting("symbols", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(String::toUpperCase).toList();
        return new BinanceConfig(URI.create(rest), URI.create(ws), recvWindow, symbols);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
