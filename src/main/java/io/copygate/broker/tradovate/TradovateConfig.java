package io.copygate.broker.tradovate;

import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

/**
 * Where and how one account talks to Tradovate, read from the account's settings.
 * Demo and live are separate systems with separate tokens and data, so every account says which
 * one it lives on ({@code environment}); a sandbox is reached with {@code baseUrl}/{@code wsUrl}.
 *
 * @param restBase      REST root including {@code /v1}
 * @param webSocket     the account/order WebSocket ({@code .../v1/websocket})
 * @param renewBefore   renew the access token when less than this is left (Tradovate's sample: 15 min)
 * @param maxPenaltyWait the longest penalty-ticket wait done inline; longer ones become a rate limit
 * @param reconnectMaxBackoff the longest wait between two attempts to reopen the WebSocket: while
 *                      Tradovate refuses connections the waits double up to this, and the feed is
 *                      blind until the next attempt after Tradovate is back
 */
public record TradovateConfig(
        URI restBase,
        URI webSocket,
        String appId,
        String appVersion,
        String deviceId,
        Long accountId,
        Duration renewBefore,
        Duration maxPenaltyWait,
        Duration reconnectMaxBackoff) {

    static final URI DEMO_REST = URI.create("https://demo.tradovateapi.com/v1");
    static final URI LIVE_REST = URI.create("https://live.tradovateapi.com/v1");
    static final URI DEMO_WS = URI.create("wss://demo.tradovateapi.com/v1/websocket");
    static final URI LIVE_WS = URI.create("wss://live.tradovateapi.com/v1/websocket");

    public static TradovateConfig of(BrokerAccount account) {
        String environment = account.setting("environment", "demo").trim().toLowerCase(Locale.ROOT);
        URI rest;
        URI ws;
        switch (environment) {
            case "demo" -> { rest = DEMO_REST; ws = DEMO_WS; }
            case "live" -> { rest = LIVE_REST; ws = LIVE_WS; }
            default -> throw new AccountFailedException("account " + account.id()
                    + ": setting 'environment' must be 'demo' or 'live', was '" + environment + "'");
        }
        String baseUrl = account.settings().get("baseUrl");
        if (baseUrl != null && !baseUrl.isBlank()) {
            rest = uri(account, "baseUrl", stripSlash(baseUrl));
            ws = uri(account, "wsUrl", account.setting("wsUrl",
                    rest.toString().replaceFirst("^http", "ws") + "/websocket"));
        } else if (account.settings().containsKey("wsUrl")) {
            ws = uri(account, "wsUrl", account.settings().get("wsUrl"));
        }
        String deviceId = account.credentials().get("deviceId");
        if (deviceId == null || deviceId.isBlank()) {
            deviceId = account.setting("deviceId", null);
        }
        if (deviceId == null || deviceId.isBlank()) {
            // Tradovate wants a device id that stays the same for the same device; derive one per account
            deviceId = UUID.nameUUIDFromBytes(("copygate-tradovate-" + account.id()).getBytes(StandardCharsets.UTF_8))
                    .toString();
        }
        return new TradovateConfig(rest, ws,
                account.setting("appId", "copygate"),
                account.setting("appVersion", "1.0"),
                deviceId,
                accountId(account),
                duration(account, "renewBefore", Duration.ofMinutes(15)),
                duration(account, "maxPenaltyWait", Duration.ofSeconds(30)),
                duration(account, "reconnectMaxBackoff", Duration.ofSeconds(5)));
    }

    private static Long accountId(BrokerAccount account) {
        String value = account.settings().get("accountId");
        if (value == null || value.isBlank()) {
            return null; // looked up by name from /account/list
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new AccountFailedException("account " + account.id()
                    + ": setting 'accountId' must be Tradovate's numeric account id, was '" + value + "'");
        }
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
                    + "' must be an ISO-8601 duration such as PT15M, was '" + value + "'");
        }
    }

    private static URI uri(BrokerAccount account, String key, String value) {
        try {
            return URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new AccountFailedException("account " + account.id() + ": setting '" + key
                    + "' is not a URL: '" + value + "'");
        }
    }

    private static String stripSlash(String url) {
        String u = url.trim();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
