package io.copygate.broker.tradovate;

import io.copygate.broker.BrokerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.RateLimitedException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticated Tradovate REST calls for any account, through the shared {@link BrokerHttp}.
 * One instance serves the adapter and the feeds so that a login has one session. Maps the
 * venue's answers to the error classes: a 401 renews the session and resends once (an
 * unauthorised request was not carried out), a 429 is a user-level limit ("wait 1 hour"),
 * and rejects that arrive inside HTTP 200 ({@code errorText}, {@code failureReason} /
 * {@code failureText}) are rejects.
 */
public final class TradovateClient {
    private final TradovateWire wire;
    private final TradovateAuth auth;
    private final Map<String, Long> accountIds = new ConcurrentHashMap<>();
    private final Map<String, String> contractNames = new ConcurrentHashMap<>();

    public TradovateClient(BrokerHttp http) {
        this(http, Clock.systemUTC());
    }

    /** @param clock decides when a token is close to expiry (tests move it) */
    public TradovateClient(BrokerHttp http, Clock clock) {
        this.wire = new TradovateWire(http);
        this.auth = new TradovateAuth(wire, clock);
    }

    JsonNode get(BrokerAccount account, String pathAndQuery) {
        return call(account, "GET", pathAndQuery, null, false);
    }

    JsonNode post(BrokerAccount account, String path, ObjectNode body, boolean mayPlace) {
        return call(account, "POST", path, body, mayPlace);
    }

    TradovateAuth.Session session(BrokerAccount account) {
        return auth.session(account, TradovateConfig.of(account));
    }

    void invalidate(BrokerAccount account, TradovateAuth.Session stale) {
        auth.invalidate(account, TradovateConfig.of(account), stale);
    }

    /** Tradovate's numeric id of the account: the {@code accountId} setting, else looked up by name. */
    long accountId(BrokerAccount account) {
        Long configured = TradovateConfig.of(account).accountId();
        if (configured != null) {
            return configured;
        }
        return accountIds.computeIfAbsent(account.id(), k -> {
            for (JsonNode a : get(account, "/account/list")) {
                if (account.brokerAccount().equals(BrokerJson.text(a, "name"))) {
                    return a.get("id").asLong();
                }
            }
            throw new AccountFailedException("Tradovate user '" + account.credential("name") + "' has no account named '"
                    + account.brokerAccount() + "' (account " + account.id() + ")");
        });
    }

    /** The symbol of a contract id ({@code ESZ5}), cached: contracts do not change name. */
    String contractName(BrokerAccount account, long contractId) {
        String key = TradovateConfig.of(account).restBase() + "|" + contractId;
        String known = contractNames.get(key);
        if (known != null) {
            return known;
        }
        String name = BrokerJson.text(get(account, "/contract/item?id=" + contractId), "name");
        if (name == null) {
            throw new BrokerRejectedException("Tradovate has no contract " + contractId);
        }
        contractNames.put(key, name);
        return name;
    }

    void rememberContract(BrokerAccount account, long contractId, String name) {
        contractNames.put(TradovateConfig.of(account).restBase() + "|" + contractId, name);
    }

    long contractId(BrokerAccount account, String symbol) {
        JsonNode contract = get(account, "/contract/find?name=" + URLEncoder.encode(symbol, StandardCharsets.UTF_8));
        if (contract == null || !contract.hasNonNull("id")) {
            throw new BrokerRejectedException("Tradovate has no contract named " + symbol);
        }
        rememberContract(account, contract.get("id").asLong(), symbol);
        return contract.get("id").asLong();
    }

    private JsonNode call(BrokerAccount account, String method, String path, ObjectNode body, boolean mayPlace) {
        TradovateConfig config = TradovateConfig.of(account);
        URI uri = URI.create(config.restBase() + path);
        for (int attempt = 0; ; attempt++) {
            TradovateAuth.Session session = auth.session(account, config);
            TradovateWire.Answer answer = wire.send(method, uri, body, session.accessToken(), mayPlace,
                    config.maxPenaltyWait());
            if (answer.status() == 401 && attempt == 0) {
                // expired or revoked under us; an unauthorised request is not carried out, so resending is safe
                auth.invalidate(account, config, session);
                continue;
            }
            return check(answer, mayPlace, method + " " + uri.getPath());
        }
    }

    private static JsonNode check(TradovateWire.Answer answer, boolean mayPlace, String what) {
        int status = answer.status();
        String reason = reason(answer);
        if (status == 401) {
            throw new AccountFailedException("Tradovate refused a fresh access token for " + what + ": " + reason);
        }
        if (status == 429) {
            var retryAfter = BrokerHttp.retryAfter(answer.response());
            throw new RateLimitedException("Tradovate: HTTP 429 Too Many Requests on " + what,
                    retryAfter != null ? retryAfter : TradovateAuth.USER_LIMIT_WAIT);
        }
        if (status < 200 || status > 299) {
            throw BrokerHttp.failure(answer.response(), mayPlace, reason);
        }
        JsonNode json = answer.body();
        if (json == null) {
            return BrokerJson.MAPPER.nullNode();
        }
        String errorText = json.isObject() ? BrokerJson.text(json, "errorText") : null;
        if (errorText != null && !errorText.isBlank()) {
            throw new BrokerRejectedException(errorText);
        }
        String failureReason = json.isObject() ? BrokerJson.text(json, "failureReason") : null;
        String failureText = json.isObject() ? BrokerJson.text(json, "failureText") : null;
        if ((failureReason != null && !"Success".equals(failureReason))
                || (failureText != null && !failureText.isBlank())) {
            throw new BrokerRejectedException(failureText != null && !failureText.isBlank() ? failureText : failureReason);
        }
        return json;
    }

    private static String reason(TradovateWire.Answer answer) {
        JsonNode json = answer.body();
        if (json != null && json.isObject() && json.hasNonNull("errorText")) {
            return json.get("errorText").asText();
        }
        String text = answer.response().body();
        return text == null || text.isBlank() ? "HTTP " + answer.status() : text;
    }
}
