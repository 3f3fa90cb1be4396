package io.copygate.broker.tradestation;

import io.copygate.broker.BrokerJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.RateLimitedException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TradeStation access tokens from the OAuth2 refresh-token grant
 * (https://api.tradestation.com/docs/fundamentals/authentication/refresh-tokens): {@code POST}
 * form-encoded {@code grant_type=refresh_token, client_id, client_secret, refresh_token} to the
 * token URL; access tokens live 20 minutes and are refreshed ahead of their end. When the API key
 * rotates refresh tokens, every refresh returns a new one and the old one stops working: the new one
 * is kept here at once and handed to the {@link RefreshTokenListener} so it can be stored (encrypted).
 * Refreshes of one login are serialised, because two concurrent refreshes with a rotating token
 * would spend it twice and fail the account.
 */
public final class TradeStationAuth {
    private static final Logger LOG = LoggerFactory.getLogger(TradeStationAuth.class);

    /** Told when TradeStation rotates a refresh token; the old token no longer works after this call. */
    @FunctionalInterface
    public interface RefreshTokenListener {
        void rotated(BrokerAccount account, String newRefreshToken);
    }

    private static final class Login {
        final Object lock = new Object();
        volatile String refreshToken;
        volatile String accessToken;
        volatile Instant expiresAt = Instant.MIN;
        volatile Duration lifetime = Duration.ZERO;

        Login(String refreshToken) {
            this.refreshToken = refreshToken;
        }
    }

    private final BrokerHttp http;
    private final Clock clock;
    private final RefreshTokenListener listener;
    private final Map<String, Login> logins = new ConcurrentHashMap<>();

    TradeStationAuth(BrokerHttp http, Clock clock, RefreshTokenListener listener) {
        this.http = http;
        this.clock = clock;
        this.listener = listener;
    }

    /** A valid access token for the account, refreshed when it is close to its end. */
    String accessToken(BrokerAccount account, TradeStationConfig config) {
        Login login = login(account, config);
        synchronized (login.lock) {
            Instant now = clock.instant();
            Duration window = config.refreshBefore().compareTo(login.lifetime.dividedBy(2)) < 0
                    ? config.refreshBefore() : login.lifetime.dividedBy(2);
            if (login.accessToken == null || !now.isBefore(login.expiresAt.minus(window))) {
                refresh(account, config, login);
            }
            return login.accessToken;
        }
    }

    /** Forgets an access token TradeStation refused (only if it is still the current one). */
    void invalidate(BrokerAccount account, TradeStationConfig config, String refused) {
        Login login = login(account, config);
        synchronized (login.lock) {
            if (refused != null && refused.equals(login.accessToken)) {
                login.accessToken = null;
            }
        }
    }

    // one login per API key and original refresh token, so accounts of the same login share rotations
    private Login login(BrokerAccount account, TradeStationConfig config) {
        String original = account.credential("refreshToken");
        String key = config.tokenUrl() + "|" + account.credential("clientId") + "|" + sha256(original);
        return logins.computeIfAbsent(key, k -> new Login(original));
    }

    private void refresh(BrokerAccount account, TradeStationConfig config, Login login) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", account.credential("clientId"));
        String secret = account.credentials().get("clientSecret");
        if (secret != null && !secret.isBlank()) {
            form.put("client_secret", secret); // not needed for keys that use PKCE
        }
        form.put("refresh_token", login.refreshToken);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = http.request(config.tokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, false);
        String what = "TradeStation token refresh for account " + account.id();
        JsonNode json = parse(response.body());
        int status = response.statusCode();
        if (status == 429) {
            throw new RateLimitedException(what + ": HTTP 429", BrokerHttp.retryAfter(response));
        }
        if (status >= 500) {
            throw new BrokerUnavailableException(what + " failed: HTTP " + status);
        }
        if (status != 200) {
            String error = BrokerJson.text(json, "error");
            String description = BrokerJson.text(json, "error_description");
            throw new AccountFailedException(what + " was refused (HTTP " + status + "): "
                    + (error != null ? error : "no reason given") + (description != null ? ": " + description : ""));
        }
        String access = BrokerJson.text(json, "access_token");
        if (access == null || access.isBlank()) {
            throw new AccountFailedException(what + " returned no access_token");
        }
        long seconds = json.path("expires_in").asLong(1200);
        login.accessToken = access;
        login.lifetime = Duration.ofSeconds(seconds);
        login.expiresAt = clock.instant().plusSeconds(seconds);
        String rotated = BrokerJson.text(json, "refresh_token");
        if (rotated != null && !rotated.isBlank() && !rotated.equals(login.refreshToken)) {
            login.refreshToken = rotated;
            try {
                listener.rotated(account, rotated);
            } catch (RuntimeException e) {
                // the new token is in use here; only storing it failed, which the lead must see
                LOG.error("storing the rotated TradeStation refresh token of account {} failed: {}", account.id(),
                        e.toString());
            }
        }
    }

    private static JsonNode parse(String text) {
        try {
            return BrokerJson.parse(text);
        } catch (IllegalArgumentException notJson) {
            return BrokerJson.MAPPER.nullNode();
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
