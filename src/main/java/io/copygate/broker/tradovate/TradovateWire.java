package io.copygate.broker.tradovate;

import io.copygate.broker.BrokerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.RateLimitedException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One Tradovate HTTP exchange, including the penalty-ticket answer: when an IP subnet calls an
 * endpoint too often, Tradovate answers HTTP 200 with {@code p-ticket}, {@code p-time} (seconds)
 * and {@code p-captcha} instead of a result. The request was not carried out; the documented
 * answer is to wait {@code p-time} seconds and resend the identical body plus the ticket
 * (https://partner.tradovate.com/overview/core-concepts/penalty-tickets). A captcha cannot be
 * solved by a server: the account fails with that reason.
 */
final class TradovateWire {
    private static final int MAX_TICKETS = 3;

    /** An answer that is not a penalty ticket; the body is null when it was empty. */
    record Answer(HttpResponse<String> response, JsonNode body) {
        int status() {
            return response.statusCode();
        }
    }

    private final BrokerHttp http;

    TradovateWire(BrokerHttp http) {
        this.http = http;
    }

    Answer send(String method, URI uri, ObjectNode body, String bearer, boolean mayPlace, Duration maxPenaltyWait) {
        ObjectNode payload = body;
        for (int ticket = 0; ; ticket++) {
            HttpRequest.Builder b = http.request(uri).header("Accept", "application/json");
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            if (payload != null) {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(BrokerJson.write(payload)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(b.build(), mayPlace);
            JsonNode json = readJson(response);
            if (response.statusCode() != 200 || json == null || !json.has("p-ticket")) {
                return new Answer(response, json);
            }
            if (json.path("p-captcha").asBoolean(false)) {
                throw new AccountFailedException("Tradovate answered " + uri.getPath() + " with a penalty ticket that "
                        + "requires a captcha (too many requests from this IP subnet); a server cannot solve it, "
                        + "wait about an hour before calling again");
            }
            Duration wait = Duration.ofMillis(Math.round(json.path("p-time").asDouble(0) * 1000));
            if (ticket >= MAX_TICKETS || wait.compareTo(maxPenaltyWait) > 0) {
                throw new RateLimitedException("Tradovate penalty ticket on " + uri.getPath() + ": wait "
                        + wait.toSeconds() + " s", wait);
            }
            pause(wait, uri);
            if (payload != null) {
                payload = payload.deepCopy();
                payload.put("p-ticket", json.get("p-ticket").asText());
            }
        }
    }

    private static JsonNode readJson(HttpResponse<String> response) {
        String text = response.body();
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return BrokerJson.parse(text);
        } catch (IllegalArgumentException notJson) {
            return null; // plain-text error bodies are reported by status
        }
    }

    private static void pause(Duration wait, URI uri) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the penalised request was not carried out, so nothing can have been placed
            throw new BrokerUnavailableException("interrupted while waiting out a Tradovate penalty ticket on "
                    + uri.getPath(), e);
        }
    }
}
