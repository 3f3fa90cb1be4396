package io.copygate.broker.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerException;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.DuplicateClientOrderIdException;
import io.copygate.broker.RateLimitedException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alpaca's REST calls over the shared {@link BrokerHttp}, non-blocking, with Alpaca's answers mapped
 * to copygate's error classes in one place ({@link #toException}) for every caller, synchronous or
 * not. It also honours Alpaca's per-account request budget: once an answer says the budget is spent
 * (X-Ratelimit-Remaining 0, or a 429) further calls for that account fail fast with
 * {@link RateLimitedException} until X-Ratelimit-Reset, without spending a request. Before that, every
 * call takes a permit from the account's own limiter ({@link AlpacaRequestBudget}, Alpaca's 200 requests
 * per minute unless the account's {@code rateLimitPerMinute} says otherwise); a denied permit fails at
 * once with the wait, so a fan-out never blocks a thread on one busy account.
 */
final class AlpacaClient {
    private final BrokerHttp http;
    private final Map<String, Instant> budgetSpentUntil = new ConcurrentHashMap<>();
    private final AlpacaRequestBudget limiter = new AlpacaRequestBudget();

    AlpacaClient(BrokerHttp http) {
        this.http = http;
    }

    /** One REST call. {@code mayPlace}: it can create or change an order, so a lost answer is an unknown outcome. */
    record Call(String method, String pathAndQuery, String body, boolean mayPlace) {
        static Call get(String pathAndQuery) {
            return new Call("GET", pathAndQuery, null, false);
        }
    }

    /**
     * Sends the call; completes with the answer's JSON (null for 204 and, when {@code notFoundIsEmpty},
     * for 404), or exceptionally with a {@link BrokerException}.
     */
    CompletableFuture<JsonNode> send(BrokerAccount account, Call call, boolean notFoundIsEmpty) {
        HttpRequest request;
        try {
            checkBudget(account);
            limiter.take(account);
            request = request(account, call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return http.sendAsync(request, call.mayPlace()).thenApply(response -> read(account, call, response, notFoundIsEmpty));
    }

    /** Waits for a call made through {@link #send}; throws the {@link BrokerException} it failed with. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private HttpRequest request(BrokerAccount account, Call call) {
        AlpacaConfig config = AlpacaConfig.of(account);
        HttpRequest.Builder b = http.request(config.rest(call.pathAndQuery()));
        AlpacaAuth.sign(b, account);
        if (call.body() != null) {
            b.header("Content-Type", "application/json").method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()));
        } else {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private JsonNode read(BrokerAccount account, Call call, HttpResponse<String> response, boolean notFoundIsEmpty) {
        noteBudget(account, response);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return status == 204 || response.body() == null || response.body().isBlank() ? null
                    : AlpacaJson.read(response.body());
        }
        if (status == 404 && notFoundIsEmpty) {
            return null;
        }
        throw toException(response, call.mayPlace());
    }

    /**
     * Alpaca's error answers, {@code {"code": 40010001, "message": "..."}}, as copygate's error classes:
     * <ul>
     * <li>422 "client_order_id must be unique": the order is already there ({@link DuplicateClientOrderIdException});</li>
     * <li>401 (wrong keys) and a 403 without a code ({@code {"message":"forbidden."}}, keys missing or
     *     refused by the gateway): the account cannot trade ({@link AccountFailedException});</li>
     * <li>403 with a code (buying power, available quantity, unchanged replace) and other 4xx: the
     *     order is rejected with Alpaca's message verbatim;</li>
     * <li>429: wait for X-Ratelimit-Reset (or Retry-After); 5xx: retry (unknown outcome when it could have placed).</li>
     * </ul>
     * Messages carry Alpaca's text only, never a request header, so no key reaches a log.
     */
    static BrokerException toException(HttpResponse<String> response, boolean mayPlace) {
        int status = response.statusCode();
        JsonNode json = AlpacaJson.readOrNull(response.body());
        String message = json != null && json.hasNonNull("message") ? json.get("message").asText()
                : response.body() == null || response.body().isBlank() ? "HTTP " + status
                : AlpacaJson.abbreviate(response.body());
        boolean coded = json != null && json.hasNonNull("code");
        if (status == 422 && message.contains("client_order_id must be unique")) {
            return new DuplicateClientOrderIdException(message);
        }
        if (status == 401 || (status == 403 && !coded)) {
            return new AccountFailedException("HTTP " + status + ": " + message);
        }
        if (status == 429) {
            return new RateLimitedException("HTTP 429: " + message, retryAfter(response));
        }
        if (status >= 500) {
            return BrokerHttp.failure(response, mayPlace, message);
        }
        return new BrokerRejectedException(message);
    }

    /** Retry-After when sent, else the wait until X-Ratelimit-Reset (epoch seconds), as Alpaca documents its budget. */
    static Duration retryAfter(HttpResponse<?> response) {
        Duration retryAfter = BrokerHttp.retryAfter(response);
        if (retryAfter != null) {
            return retryAfter;
        }
        Instant reset = resetTime(response);
        if (reset == null) {
            return null;
        }
        Duration wait = Duration.between(Instant.now(), reset);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    private static Instant resetTime(HttpResponse<?> response) {
        return response.headers().firstValue("X-Ratelimit-Reset").map(v -> {
            try {
                return Instant.ofEpochSecond(Long.parseLong(v.trim()));
            } catch (NumberFormatException unreadable) {
                return null;
            }
        }).orElse(null);
    }

    private void noteBudget(BrokerAccount account, HttpResponse<?> response) {
        boolean spent = response.statusCode() == 429 || response.headers().firstValue("X-Ratelimit-Remaining")
                .map(v -> v.trim().equals("0")).orElse(false);
        if (!spent) {
            return;
        }
        Duration wait = retryAfter(response);
        if (wait != null) {
            budgetSpentUntil.put(account.id(), Instant.now().plus(wait));
        }
    }

    private void checkBudget(BrokerAccount account) {
        Instant until = budgetSpentUntil.get(account.id());
        if (until == null) {
            return;
        }
        Duration wait = Duration.between(Instant.now(), until);
        if (wait.isNegative() || wait.isZero()) {
            budgetSpentUntil.remove(account.id(), until);
            return;
        }
        throw new RateLimitedException("Alpaca request budget of account " + account.id()
                + " is spent until " + until + " (not sent)", wait);
    }
}
