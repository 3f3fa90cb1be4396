package io.copygate.broker.kraken;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerException;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.DuplicateClientOrderIdException;
import io.copygate.broker.OutcomeUnknownException;
import io.copygate.broker.RateLimitedException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kraken Spot REST over {@link BrokerHttp}. Private calls are POSTs with a JSON body (the form
 * Kraken's OpenAPI document declares) starting with a fresh nonce, signed with {@code API-Sign}.
 * Kraken answers failures as {@code {"error":["E<Category>:<text>"]}} inside HTTP 200; those become
 * the error classes here. {@code EAPI:Invalid nonce} means the request was refused before it was
 * read (another request with a higher nonce overtook it), so it is re-signed with a fresh nonce
 * and sent again, at most twice. Private calls on one API key go one at a time: Kraken takes nonces
 * in arrival order, so concurrent requests on a key would overtake each other and be refused.
 */
public final class KrakenClient {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern THROTTLED_UNTIL = Pattern.compile("Throttled: ?\\[?(\\d+)");
    /** Kraken's REST counter decays at least 0.33 per second: one call's worth takes ~3 s. */
    static final Duration COUNTER_DECAY_WAIT = Duration.ofSeconds(3);
    private static final int NONCE_RETRIES = 2;

    private final BrokerHttp http;
    /** JVM-wide, like the nonces: the adapter and the feeds may share a key. */
    private static final Map<String, java.util.concurrent.locks.ReentrantLock> KEY_LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();

    public KrakenClient(BrokerHttp http) {
        this.http = http;
    }

    /** A private call: {@code POST /0/private/<method>} with the fields given (nonce added first). */
    public JsonNode privateCall(KrakenConfig config, KrakenSigner signer, String method, Map<String, Object> fields,
                                boolean mayPlace) {
        java.util.concurrent.locks.ReentrantLock lock =
                KEY_LOCKS.computeIfAbsent(signer.apiKey(), k -> new java.util.concurrent.locks.ReentrantLock(true));
        lock.lock();
        try {
            return send(config, signer, method, fields, mayPlace);
        } finally {
            lock.unlock();
        }
    }

    private JsonNode send(KrakenConfig config, KrakenSigner signer, String method, Map<String, Object> fields,
                          boolean mayPlace) {
        String path = "/0/private/" + method;
        for (int attempt = 0; ; attempt++) {
            long nonce = signer.nextNonce();
            ObjectNode body = JSON.createObjectNode();
            body.put("nonce", nonce);
            fields.forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
            String text = body.toString();
            HttpRequest request = http.request(URI.create(config.restBase() + path))
                    .header("API-Key", signer.apiKey())
                    .header("API-Sign", signer.sign(path, nonce, text))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "copygate")
                    .POST(HttpRequest.BodyPublishers.ofString(text))
                    .build();
            try {
                return result(http.send(request, mayPlace), mayPlace);
            } catch (InvalidNonce e) {
                if (attempt >= NONCE_RETRIES) {
                    throw new BrokerUnavailableException("Kraken refused " + (NONCE_RETRIES + 1)
                            + " fresh nonces in a row (EAPI:Invalid nonce): another client may use this key with"
                            + " larger nonces");
                }
            }
        }
    }

    /** A public call: {@code GET /0/public/<method>?query}. */
    public JsonNode publicCall(KrakenConfig config, String method, String query) {
        HttpRequest request = http.request(URI.create(config.restBase() + "/0/public/" + method
                + (query == null || query.isEmpty() ? "" : "?" + query))).header("User-Agent", "copygate").GET().build();
        return result(http.send(request, false), false);
    }

    private static JsonNode result(HttpResponse<String> response, boolean mayPlace) {
        int status = response.statusCode();
        JsonNode body = null;
        try {
            body = JSON.readTree(response.body());
        } catch (Exception unreadable) {
            // Cloudflare pages and the like: judged by status below
        }
        List<String> errors = new java.util.ArrayList<>();
        if (body != null && body.path("error").isArray()) {
            body.path("error").forEach(e -> errors.add(e.asText()));
        }
        if (!errors.isEmpty()) {
            throw failure(errors, mayPlace);
        }
        if (status >= 200 && status < 300 && body != null && body.has("result")) {
            return body.get("result");
        }
        String text = response.body() == null ? "" : response.body();
        String excerpt = text.substring(0, Math.min(200, text.length()));
        if (status / 100 == 2) {
            throw new BrokerUnavailableException("Kraken answered without a result: " + excerpt);
        }
        throw BrokerHttp.failure(response, mayPlace, excerpt);
    }

    /** Kraken's error strings as the error class the destination route acts on. */
    static BrokerException failure(List<String> errors, boolean mayPlace) {
        String first = errors.get(0);
        String all = String.join("; ", errors);
        if (first.startsWith("EAPI:Invalid nonce")) {
            return new InvalidNonce(all);
        }
        if (first.startsWith("EAPI:Rate limit exceeded") || first.startsWith("EOrder:Rate limit exceeded")) {
            return new RateLimitedException("Kraken rate limit: " + all, COUNTER_DECAY_WAIT);
        }
        if (first.startsWith("EService:Throttled")) {
            Matcher m = THROTTLED_UNTIL.matcher(first);
            Duration wait = m.find()
                    ? Duration.between(Instant.now(), Instant.ofEpochSecond(Long.parseLong(m.group(1)))) : null;
            return new RateLimitedException("Kraken rate limit: " + all,
                    wait == null || wait.isNegative() ? COUNTER_DECAY_WAIT : wait);
        }
        if (first.startsWith("EOrder:Duplicate")) {
            return new DuplicateClientOrderIdException(all);
        }
        if (first.startsWith("EAPI:Invalid key") || first.startsWith("EAPI:Invalid signature")
                || first.startsWith("EGeneral:Permission denied") || first.startsWith("EAuth:")
                || first.startsWith("EGeneral:Temporary lockout")) {
            return new AccountFailedException("Kraken: " + all);
        }
        if (first.startsWith("EGeneral:Internal error") || first.startsWith("EService:Deadline elapsed")) {
            // the order may or may not have reached the engine
            return mayPlace ? new OutcomeUnknownException("Kraken: " + all, null)
                    : new BrokerUnavailableException("Kraken: " + all);
        }
        if (first.startsWith("EService:")) {
            return new BrokerUnavailableException("Kraken: " + all);
        }
        return new KrakenRejectedException(all);
    }

    /** A reject, with Kraken's error text verbatim (all errors joined with "; "). */
    static final class KrakenRejectedException extends BrokerRejectedException {
        KrakenRejectedException(String errors) {
            super(errors);
        }
    }

    /** Kraken refused the nonce; the request did nothing. */
    static final class InvalidNonce extends BrokerUnavailableException {
        InvalidNonce(String message) {
            super("Kraken: " + message);
        }
    }
}
