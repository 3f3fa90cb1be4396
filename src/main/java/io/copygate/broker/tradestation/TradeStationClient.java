package io.copygate.broker.tradestation;

import io.copygate.broker.BrokerJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.DuplicateClientOrderIdException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Locale;

/**
 * Authenticated TradeStation v3 REST calls through the shared {@link BrokerHttp}, and TradeStation's
 * error shape ({@code {"Error": "BadRequest", "Message": "..."}}) mapped to the error classes. A
 * 401 refreshes the access token and resends once (an unauthorised request is not carried out).
 * One instance serves the adapter and the feeds so a login refreshes in one place.
 */
public final class TradeStationClient {
    private final BrokerHttp http;
    private final TradeStationAuth auth;

    public TradeStationClient(BrokerHttp http) {
        this(http, Clock.systemUTC(), (account, token) -> {
            throw new IllegalStateException("TradeStation rotated the refresh token of account " + account.id()
                    + " but no RefreshTokenListener stores it; construct TradeStationClient with one");
        });
    }

    /**
     * @param clock    decides when an access token is close to its end (tests move it)
     * @param rotation stores a rotated refresh token (encrypted) so the next start uses it
     */
    public TradeStationClient(BrokerHttp http, Clock clock, TradeStationAuth.RefreshTokenListener rotation) {
        this.http = http;
        this.auth = new TradeStationAuth(http, clock, rotation);
    }

    JsonNode get(BrokerAccount account, String pathAndQuery) {
        return send(account, "GET", pathAndQuery, null, false);
    }

    /** Sends and returns the JSON answer of a 2xx; anything else is thrown as its error class. */
    JsonNode send(BrokerAccount account, String method, String pathAndQuery, JsonNode body, boolean mayPlace) {
        TradeStationConfig config = TradeStationConfig.of(account);
        URI uri = URI.create(config.apiBase() + pathAndQuery);
        for (int attempt = 0; ; attempt++) {
            String token = auth.accessToken(account, config);
            HttpRequest.Builder b = http.request(uri)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (body != null) {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(BrokerJson.write(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(b.build(), mayPlace);
            if (response.statusCode() == 401 && attempt == 0) {
                auth.invalidate(account, config, token);
                continue;
            }
            return check(response, mayPlace, method + " " + uri.getPath());
        }
    }

    String accessToken(BrokerAccount account) {
        return auth.accessToken(account, TradeStationConfig.of(account));
    }

    void invalidate(BrokerAccount account, String refused) {
        auth.invalidate(account, TradeStationConfig.of(account), refused);
    }

    private static JsonNode check(HttpResponse<String> response, boolean mayPlace, String what) {
        JsonNode json = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status <= 299) {
            return json;
        }
        String message = BrokerJson.text(json, "Message");
        String reason = message != null ? message
                : BrokerJson.text(json, "Error") != null ? BrokerJson.text(json, "Error")
                : "HTTP " + status;
        if (status == 401) {
            throw new AccountFailedException("TradeStation refused a fresh access token for " + what + ": " + reason);
        }
        if (status == 400 && isDuplicate(reason)) {
            throw new DuplicateClientOrderIdException(reason);
        }
        throw BrokerHttp.failure(response, mayPlace, reason);
    }

    /** TradeStation's word for an OrderConfirmID it has seen before. */
    static boolean isDuplicate(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("duplicate") && (m.contains("orderconfirmid") || m.contains("order confirm"));
    }

    private static JsonNode parse(String text) {
        try {
            return BrokerJson.parse(text);
        } catch (IllegalArgumentException notJson) {
            return BrokerJson.MAPPER.nullNode();
        }
    }
}
