package io.copygate.broker.tradestation;

import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Where and how one account talks to TradeStation, from the account's settings. SIM and live are
 * separate hosts with the same API ({@code environment} = {@code sim} | {@code live}); the token
 * endpoint is the same for both. A sandbox is reached with {@code baseUrl} and {@code tokenUrl}.
 *
 * @param apiBase        scheme + host; paths start with {@code /v3}
 * @param refreshBefore  refresh the 20-minute access token when less than this is left
 * @param pollInterval   how often the fallback poller asks for the account's orders while the stream is down
 *                       ({@link Duration#ZERO}: never by itself, a scheduler calls {@code pollOnce})
 * @param streamIdle     reopen the order stream when nothing, not even a heartbeat, came for this long
 */
public record TradeStationConfig(
        URI apiBase,
        URI tokenUrl,
        Duration refreshBefore,
        Duration pollInterval,
        Duration streamIdle) {

    static final URI LIVE = URI.create("https://api.tradestation.com");
    static final URI SIM = URI.create("https://sim-api.tradestation.com");
    static final URI TOKEN = URI.create("https://signin.tradestation.com/oauth/token");

    public static TradeStationConfig of(BrokerAccount account) {
        String environment = account.setting("environment", "sim").trim().toLowerCase(Locale.ROOT);
        URI api = switch (environment) {
            case "sim" -> SIM;
            case "live" -> LIVE;
            default -> throw new AccountFailedException("account " + account.id()
                    + ": setting 'environment' must be 'sim' or 'live', was '" + environment + "'");
        };
        String baseUrl = account.settings().get("baseUrl");
        if (baseUrl != null && !baseUrl.isBlank()) {
            api = uri(account, "baseUrl", baseUrl.trim().replaceAll("/+$", "").replaceAll("/v3$", ""));
        }
        URI token = TOKEN;
        String tokenUrl = account.settings().get("tokenUrl");
        if (tokenUrl != null && !tokenUrl.isBlank()) {
            token = uri(account, "tokenUrl", tokenUrl.trim());
        }
        return new TradeStationConfig(api, token,
                duration(account, "refreshBefore", Duration.ofMinutes(2)),
                duration(account, "pollInterval", Duration.ofSeconds(2)),
                duration(account, "streamIdleTimeout", Duration.ofSeconds(15)));
    }

    private static Duration duration(BrokerAccount account, String key, Duration fallback) {
        String value = account.settings().get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new AccountFailedException("account " + account.id() + ": setting '" + key
                    + "' must be an ISO-8601 duration such as PT2S, was '" + value + "'");
        }
    }

    private static URI uri(BrokerAccount account, String key, String value) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new AccountFailedException("account " + account.id() + ": setting '" + key + "' is not a URL: '"
                    + value + "'");
        }
    }
}
