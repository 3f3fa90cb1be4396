package io.copygate.broker.binance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerException;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.DuplicateClientOrderIdException;
import io.copygate.broker.OutcomeUnknownException;
import io.copygate.broker.RateLimitedException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binance Spot REST over {@link BrokerHttp}: signs requests (every parameter in the query string,
 * {@code timestamp} and {@code recvWindow} added, {@code signature} last), and turns Binance's
 * {@code {"code","msg"}} answers into the error classes. After a 429 or 418 it stops sending to
 * that host until Binance's Retry-After has passed, because requests during that wait are what
 * turns a 429 into an IP ban.
 */
public final class BinanceClient {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern BANNED_UNTIL = Pattern.compile("banned until (\\d+)");

    private final BrokerHttp http;
    private final Clock clock;
    private final Map<String, Instant> holdOffUntil = new ConcurrentHashMap<>();

    public BinanceClient(BrokerHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** A SIGNED call (TRADE / USER_DATA). */
    public JsonNode signed(BinanceConfig config, BinanceSigner signer, String method, String path,
                           Map<String, String> params, boolean mayPlace) {
        StringBuilder query = new StringBuilder(encode(params));
        if (query.length() > 0) {
            query.append('&');
        }
        query.append("recvWindow=").append(config.recvWindowMs())
                .append("&timestamp=").append(clock.millis());
        String signature = signer.sign(query.toString());
        query.append("&signature=").append(URLEncoder.encode(signature, StandardCharsets.UTF_8));
        HttpRequest request = http.request(URI.create(config.restBase() + path + "?" + query))
                .header("X-MBX-APIKEY", signer.apiKey())
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return send(config, request, mayPlace);
    }

    /** A public call (market data, exchange info). */
    public JsonNode publicGet(BinanceConfig config, String path, Map<String, String> params) {
        String query = encode(params);
        HttpRequest request = http.request(URI.create(config.restBase() + path + (query.isEmpty() ? "" : "?" + query)))
                .GET().build();
        return send(config, request, false);
    }

    private JsonNode send(BinanceConfig config, HttpRequest request, boolean mayPlace) {
        String host = config.restBase().toString();
        Instant until = holdOffUntil.get(host);
        Instant now = clock.instant();
        if (until != null && now.isBefore(until)) {
            throw new RateLimitedException("not sent: Binance asked us to wait until " + until
                    + " (an earlier 429/418 on " + host + ")", Duration.between(now, until));
        }
        HttpResponse<String> response = http.send(request, mayPlace);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return readJson(response.body());
        }
        BrokerException failure = failure(response, mayPlace);
        if (failure instanceof RateLimitedException limited && ipWide(response)) {
            Duration wait = limited.retryAfter() != null ? limited.retryAfter() : Duration.ofSeconds(1);
            holdOffUntil.put(host, clock.instant().plus(wait));
        }
        throw failure;
    }

    /** A 418, or a 429 for request weight (by IP): not -1015, which counts one account's orders. */
    private static boolean ipWide(HttpResponse<String> response) {
        JsonNode body = readJsonOrNull(response.body());
        int code = body != null && body.has("code") ? body.get("code").asInt() : 0;
        return response.statusCode() == 418 || (response.statusCode() == 429 && code != -1015);
    }

    /** Binance's error answer as the error class the destination route acts on. */
    static BrokerException failure(HttpResponse<String> response, boolean mayPlace) {
        int status = response.statusCode();
        JsonNode body = readJsonOrNull(response.body());
        int code = body != null && body.has("code") ? body.get("code").asInt() : 0;
        String msg = body != null && body.hasNonNull("msg") ? body.get("msg").asText() : abbreviate(response.body());
        Duration retryAfter = BrokerHttp.retryAfter(response);
        if (status == 418) {
            Duration wait = banWait(msg, retryAfter);
            return new BinanceIpBannedException("Binance has banned this IP for requests sent after a 429; "
                    + "retry after " + (wait == null ? "the ban" : wait.toSeconds() + " s") + ": " + msg, wait);
        }
        if (status == 429 || code == -1003 || code == -1015) {
            return new RateLimitedException("Binance rate limit (HTTP " + status + ", " + code + "): " + msg, retryAfter);
        }
        if (code == -1007 || code == -1006) {
            // Binance: "Send status unknown; execution status unknown"
            return mayPlace ? new OutcomeUnknownException("Binance " + code + ": " + msg, null)
                    : new BrokerUnavailableException("Binance " + code + ": " + msg);
        }
        if (status >= 500) {
            // Binance documents 5XX as "execution status UNKNOWN and could have been a success"
            return mayPlace ? new OutcomeUnknownException("Binance HTTP " + status + ": " + msg, null)
                    : new BrokerUnavailableException("Binance HTTP " + status + ": " + msg);
        }
        if (code == -2010 && "Duplicate order sent.".equals(msg)) {
            return new DuplicateClientOrderIdException(msg);
        }
        if (code == -1021 || code == -1008 || code == -1001) {
            return new BrokerUnavailableException("Binance " + code + ": " + msg);
        }
        if (status == 401 || code == -1022 || code == -2014 || code == -2015 || code == -1002) {
            return new AccountFailedException("Binance " + code + ": " + msg);
        }
        if (status == 403) {
            return new BrokerUnavailableException("Binance HTTP 403 (web application firewall): " + msg);
        }
        if (body != null && body.has("data")) {
            // cancelReplace: say which half failed (with STOP_ON_FAILURE a 409 means the old order is gone)
            JsonNode data = body.get("data");
            msg = msg + " cancel " + data.path("cancelResult").asText() + ": "
                    + data.path("cancelResponse").path("msg").asText("ok") + "; new order "
                    + data.path("newOrderResult").asText() + ": " + data.path("newOrderResponse").path("msg").asText("ok");
        }
        return new BinanceRejectedException(code, msg);
    }

    /** A reject with Binance's code kept for the adapter's own decisions (e.g. -2011 on a retried cancel). */
    static final class BinanceRejectedException extends BrokerRejectedException {
        final int code;

        BinanceRejectedException(int code, String msg) {
            super(msg);
            this.code = code;
        }
    }

    static Duration banWait(String msg, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter;
        }
        Matcher m = BANNED_UNTIL.matcher(msg == null ? "" : msg);
        if (m.find()) {
            Duration d = Duration.between(Instant.now(), Instant.ofEpochMilli(Long.parseLong(m.group(1))));
            return d.isNegative() ? Duration.ZERO : d;
        }
        return null;
    }

    /** Percent-encodes values (UTF-8, space as %20) in the given order; the signature covers exactly this. */
    static String encode(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (v == null) {
                return;
            }
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
        });
        return sb.toString();
    }

    static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new BrokerUnavailableException("Binance sent an unreadable answer: " + abbreviate(text));
        }
    }

    private static JsonNode readJsonOrNull(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n != null && n.isObject() ? n : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
