package io.copygate.broker;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The HTTP transport every REST broker adapter shares: one pooled, non-blocking JDK client, and one
 * mapping from transport failures to the {@link BrokerException} classes. Whether a failed request
 * may have reached the broker decides the class: a refused connection is plain unavailability, a
 * timeout after sending an order is an unknown outcome that must be looked up before a retry.
 */
public final class BrokerHttp {
    private final HttpClient client;
    private final Duration requestTimeout;
    private final java.util.concurrent.Executor answers;

    public BrokerHttp(Duration connectTimeout, Duration requestTimeout) {
        this(connectTimeout, requestTimeout, 0);
    }

    /**
     * @param threads the threads that complete answers (and run what follows them, e.g. recording an
     *                ack); 0 = the JDK's default, which starts a thread per concurrent answer. A fixed
     *                number keeps a fan-out to hundreds of followers on a bounded number of threads.
     */
    public BrokerHttp(Duration connectTimeout, Duration requestTimeout, int threads) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout);
        if (threads > 0) {
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            answers = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "broker-http-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            builder.executor(answers);
        } else {
            answers = null;
        }
        this.client = builder.build();
        this.requestTimeout = requestTimeout;
    }

    /** A request builder with the shared timeout already set. */
    public HttpRequest.Builder request(java.net.URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout);
    }

    /**
     * Sends and waits. {@code mayPlace} says whether the request can create or change an order at
     * the broker (then a lost answer is an unknown outcome, not plain unavailability).
     */
    public HttpResponse<String> send(HttpRequest request, boolean mayPlace) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutcomeUnknownException("interrupted while waiting for " + describe(request), e);
        } catch (IOException e) {
            throw transportFailure(request, mayPlace, e);
        }
    }

    /** Sends without holding a thread while the broker answers; failures complete exceptionally, mapped. */
    public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request, boolean mayPlace) {
        CompletableFuture<HttpResponse<String>> sent = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        if (answers != null) {
            // the JDK completes sendAsync on the common pool: what follows (recording acks) runs on our threads
            sent = sent.whenCompleteAsync((r, e) -> { }, answers);
        }
        return sent
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    throw transportFailure(request, mayPlace, cause);
                });
    }

    static BrokerException transportFailure(HttpRequest request, boolean mayPlace, Throwable cause) {
        String what = describe(request);
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return new BrokerUnavailableException("cannot connect for " + what + ": " + cause, cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return mayPlace
                    ? new OutcomeUnknownException("no answer in time for " + what, cause)
                    : new BrokerUnavailableException("no answer in time for " + what, cause);
        }
        return mayPlace
                ? new OutcomeUnknownException("connection failed during " + what + ": " + cause, cause)
                : new BrokerUnavailableException("connection failed during " + what + ": " + cause, cause);
    }

    /**
     * The error class for a non-2xx answer when the venue has no more specific rule:
     * 429 waits for Retry-After, 401/403 fail the account, 5xx retries (an unknown outcome when the
     * request may have placed something), any other 4xx is the broker's final reject.
     *
     * @param reason the broker's own error text, verbatim
     */
    public static BrokerException failure(HttpResponse<String> response, boolean mayPlace, String reason) {
        int status = response.statusCode();
        String message = "HTTP " + status + ": " + reason;
        if (status == 429) {
            return new RateLimitedException(message, retryAfter(response));
        }
        if (status == 401 || status == 403) {
            return new AccountFailedException(message);
        }
        if (status >= 500) {
            return mayPlace ? new OutcomeUnknownException(message, null) : new BrokerUnavailableException(message);
        }
        return new BrokerRejectedException(reason);
    }

    /** The Retry-After header as a duration (seconds or an HTTP date); null when absent or unreadable. */
    public static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(BrokerHttp::parseRetryAfter).orElse(null);
    }

    static Duration parseRetryAfter(String value) {
        String v = value.trim();
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private static String describe(HttpRequest request) {
        // never the query string: some venues sign requests there
        return request.method() + " " + request.uri().getScheme() + "://" + request.uri().getAuthority()
                + request.uri().getPath();
    }
}
