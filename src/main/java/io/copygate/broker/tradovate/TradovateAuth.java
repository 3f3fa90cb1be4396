package io.copygate.broker.tradovate;

import io.copygate.broker.BrokerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.RateLimitedException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tradovate access tokens, one session per login (REST root, user name, secrets), shared by every account
 * and feed of that login. Tokens live 80 minutes; a token close to its end is renewed with
 * {@code GET /auth/renewaccesstoken}, which extends the same session, instead of logging in again,
 * which would start a new session and can disconnect the user's other sessions
 * (https://partner.tradovate.com/api/rest-api-endpoints/authentication/renew-access-token).
 */
final class TradovateAuth {
    /** A logged-in session. {@link #toString()} never shows the token. */
    record Session(String accessToken, Instant expiresAt, Duration lifetime, long userId) {
        @Override
        public String toString() {
            return "Session[userId=" + userId + ", expiresAt=" + expiresAt + "]";
        }
    }

    // a user-level 429 is documented as "wait 1 hour" and carries no Retry-After
    static final Duration USER_LIMIT_WAIT = Duration.ofHours(1);

    private final TradovateWire wire;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    TradovateAuth(TradovateWire wire, Clock clock) {
        this.wire = wire;
        this.clock = clock;
    }

    /** A usable session: the cached one, a renewed one when it is close to expiry, or a fresh login. */
    Session session(BrokerAccount account, TradovateConfig config) {
        String key = key(account, config);
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Session current = sessions.get(key);
            Instant now = clock.instant();
            if (current != null && now.isBefore(current.expiresAt().minus(renewWindow(current, config)))) {
                return current;
            }
            Session next = null;
            if (current != null && now.isBefore(current.expiresAt())) {
                next = renew(account, config, current);
            }
            if (next == null) {
                next = login(account, config);
            }
            sessions.put(key, next);
            return next;
        }
    }

    /** Forgets a session the broker no longer accepts (only if it is still the cached one). */
    void invalidate(BrokerAccount account, TradovateConfig config, Session stale) {
        sessions.remove(key(account, config), stale);
    }

    /**
     * One session per login: REST root, user name and a digest of the secrets, so an account whose
     * password or API key is wrong never rides on the session another account of the same user opened.
     */
    private static String key(BrokerAccount account, TradovateConfig config) {
        String secrets = account.credentials().get("password") + "\u0000" + account.credentials().get("cid")
                + "\u0000" + account.credentials().get("sec");
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(secrets.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return config.restBase() + "|" + account.credential("name") + "|" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    // never renew a short-lived token on every call: at most half its life before the end
    private static Duration renewWindow(Session s, TradovateConfig config) {
        Duration half = s.lifetime().dividedBy(2);
        return config.renewBefore().compareTo(half) < 0 ? config.renewBefore() : half;
    }

    private Session login(BrokerAccount account, TradovateConfig config) {
        ObjectNode body = BrokerJson.object()
                .put("name", account.credential("name"))
                .put("password", account.credential("password"))
                .put("appId", config.appId())
                .put("appVersion", config.appVersion())
                .put("deviceId", config.deviceId());
        String cid = account.credentials().get("cid");
        if (cid != null && !cid.isBlank()) {
            if (cid.trim().matches("\\d{1,18}")) {
                body.put("cid", Long.parseLong(cid.trim())); // Tradovate's examples send the API key id as a number
            } else {
                body.put("cid", cid.trim());
            }
        }
        String sec = account.credentials().get("sec");
        if (sec != null && !sec.isBlank()) {
            body.put("sec", sec);
        }
        URI uri = URI.create(config.restBase() + "/auth/accesstokenrequest");
        TradovateWire.Answer answer = wire.send("POST", uri, body, null, false, config.maxPenaltyWait());
        String what = "Tradovate login for account " + account.id() + " (user '" + account.credential("name") + "')";
        JsonNode json = requireOk(answer, what);
        String errorText = BrokerJson.text(json, "errorText");
        if (errorText != null && !errorText.isBlank()) {
            throw new AccountFailedException(what + " was refused: " + errorText);
        }
        return sessionFrom(json, null, what);
    }

    private Session renew(BrokerAccount account, TradovateConfig config, Session current) {
        URI uri = URI.create(config.restBase() + "/auth/renewaccesstoken");
        TradovateWire.Answer answer = wire.send("GET", uri, null, current.accessToken(), false, config.maxPenaltyWait());
        if (answer.status() == 401 || answer.body() == null
                || BrokerJson.text(answer.body(), "accessToken") == null) {
            return null; // the session is gone after all: log in again
        }
        return sessionFrom(requireOk(answer, "Tradovate token renewal for account " + account.id()), current,
                "Tradovate token renewal for account " + account.id());
    }

    private static JsonNode requireOk(TradovateWire.Answer answer, String what) {
        int status = answer.status();
        if (status == 429) {
            throw new RateLimitedException(what + ": HTTP 429 Too Many Requests",
                    BrokerHttp.retryAfter(answer.response()) != null ? BrokerHttp.retryAfter(answer.response())
                            : USER_LIMIT_WAIT);
        }
        if (status == 400 || status == 404) {
            // a login the broker cannot even read will not get better by retrying
            throw new AccountFailedException(what + " failed: HTTP " + status);
        }
        if (status != 200) {
            throw BrokerHttp.failure(answer.response(), false, what + " failed");
        }
        if (answer.body() == null) {
            throw new AccountFailedException(what + " returned an empty answer");
        }
        return answer.body();
    }

    private Session sessionFrom(JsonNode json, Session previous, String what) {
        String token = BrokerJson.text(json, "accessToken");
        if (token == null || token.isBlank()) {
            throw new AccountFailedException(what + " returned no access token");
        }
        Instant now = clock.instant();
        Instant expires = BrokerJson.instant(json, "expirationTime");
        if (expires == null) {
            expires = now.plus(Duration.ofMinutes(80)); // the documented lifetime
        }
        Long userId = BrokerJson.id(json, "userId");
        long user = userId != null ? userId : previous != null ? previous.userId() : -1;
        Duration lifetime = Duration.between(now, expires);
        return new Session(token, expires, lifetime.isNegative() ? Duration.ZERO : lifetime, user);
    }
}
