package io.copygate.broker.coinbase;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.RateLimitedException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Coinbase Advanced Trade REST over {@link BrokerHttp}: every request carries a fresh JWT
 * ({@code Authorization: Bearer}) whose {@code uri} claim names the method, host and path. Non-2xx
 * answers become error classes here; a 200 with {@code success:false} is read by the mapper.
 */
public final class CoinbaseClient {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final BrokerHttp http;

    public CoinbaseClient(BrokerHttp http) {
        this.http = http;
    }

    /** {@code GET /api/v3/brokerage<path>?query}. */
    public JsonNode get(CoinbaseConfig config, CoinbaseAuth auth, String path, String query) {
        String fullPath = CoinbaseConfig.PREFIX + path;
        HttpRequest request = http.request(URI.create(config.restBase() + fullPath
                        + (query == null || query.isEmpty() ? "" : "?" + query)))
                .header("Authorization", "Bearer " + auth.restToken("GET", config.jwtHost(), fullPath))
                .GET().build();
        return send(request, false);
    }

    /** {@code POST /api/v3/brokerage<path>} with a JSON body. */
    public JsonNode post(CoinbaseConfig config, CoinbaseAuth auth, String path, JsonNode body, boolean mayPlace) {
        String fullPath = CoinbaseConfig.PREFIX + path;
        HttpRequest request = http.request(URI.create(config.restBase() + fullPath))
                .header("Authorization", "Bearer " + auth.restToken("POST", config.jwtHost(), fullPath))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return send(request, mayPlace);
    }

    private JsonNode send(HttpRequest request, boolean mayPlace) {
        HttpResponse<String> response = http.send(request, mayPlace);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                return JSON.readTree(response.body());
            } catch (Exception e) {
                throw new BrokerUnavailableException("Coinbase sent an unreadable answer (HTTP " + status + ")");
            }
        }
        String reason = reason(response.body());
        if (status == 429) {
            Duration wait = BrokerHttp.retryAfter(response);
            if (wait == null) {
                wait = response.headers().firstValue("x-ratelimit-reset").map(CoinbaseClient::untilEpoch)
                        .orElse(Duration.ofSeconds(1));
            }
            return throwing(new RateLimitedException("Coinbase HTTP 429: " + reason, wait));
        }
        if (status == 401) {
            return throwing(new AccountFailedException("Coinbase HTTP 401: " + reason));
        }
        if (status == 404) {
            return throwing(new NotFound(reason));
        }
        throw BrokerHttp.failure(response, mayPlace, reason);
    }

    /** Coinbase's {@code {"error","message","error_details"}} as one line, verbatim parts. */
    static String reason(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            String error = n.path("error").asText("");
            String message = n.path("message").asText("");
            String details = n.path("error_details").asText("");
            StringBuilder sb = new StringBuilder(error);
            if (!message.isEmpty()) {
                sb.append(sb.length() > 0 ? ": " : "").append(message);
            }
            if (!details.isEmpty() && !details.equals(message)) {
                sb.append(" (").append(details).append(')');
            }
            return sb.length() > 0 ? sb.toString() : body;
        } catch (Exception e) {
            return body == null ? "" : body.substring(0, Math.min(200, body.length()));
        }
    }

    private static Duration untilEpoch(String seconds) {
        try {
            Duration d = Duration.between(Instant.now(), Instant.ofEpochSecond(Long.parseLong(seconds.trim())));
            return d.isNegative() ? Duration.ZERO : d;
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private static JsonNode throwing(RuntimeException e) {
        throw e;
    }

    /** HTTP 404: the order or product does not exist. */
    static final class NotFound extends BrokerRejectedException {
        NotFound(String reason) {
            super(reason);
        }
    }
}
