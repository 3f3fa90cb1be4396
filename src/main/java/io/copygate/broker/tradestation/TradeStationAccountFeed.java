package io.copygate.broker.tradestation;

import io.copygate.broker.BrokerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.AccountFeed;
import io.copygate.broker.AccountFeedListener;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.RateLimitedException;
import io.copygate.signal.Fill;
import io.copygate.signal.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TradeStation account's orders: the HTTP stream {@code GET /v3/brokerage/stream/accounts/{id}/orders}
 * (a long-lived chunked response of JSON objects: the day's orders as a snapshot, then
 * {@code {"StreamStatus":"EndSnapshot"}}, then every change; {@code Heartbeat}s on an idle stream;
 * {@code {"StreamStatus":"GoAway"}} before the server closes it), and while the stream is not live a
 * poller of {@code GET /v3/brokerage/accounts/{id}/orders}. Both report to one
 * {@link TradeStationOrderTracker}, so the gap is filled by whichever sees it first, once.
 * GoAway reconnects at once; a failed or silent stream reconnects with backoff.
 */
final class TradeStationAccountFeed implements AccountFeed {
    private static final Logger LOG = LoggerFactory.getLogger(TradeStationAccountFeed.class);
    static final String STREAM_MEDIA_TYPE = "application/vnd.tradestation.streams.v3+json";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Orders opened this long before the start still count as new: our clock and TradeStation's differ. */
    static final Duration HISTORY_SKEW = Duration.ofSeconds(1);

    private final TradeStationClient client;
    private final BrokerAccount account;
    private final TradeStationOrderIds ids;
    private final TradeStationConfig config;
    private final HttpClient streamHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "tradestation-poll");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile boolean live;
    private volatile InputStream current;
    private volatile long lastReceived;
    private volatile long pollPausedUntil;
    private volatile Thread streamThread;
    private TradeStationOrderTracker tracker;
    private AccountFeedListener listener;

    TradeStationAccountFeed(TradeStationClient client, BrokerAccount account, TradeStationOrderIds ids) {
        this.client = client;
        this.account = account;
        this.ids = ids;
        this.config = TradeStationConfig.of(account);
    }

    @Override
    public synchronized void start(AccountFeedListener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("feed of account " + account.id() + " already started");
        }
        this.listener = listener;
        this.tracker = new TradeStationOrderTracker(account, new TradeStationSymbolCodec(),
                orderId -> ids.clientOrderId(account.id(), orderId).orElse(null), new TradeStationOrderTracker.Sink() {
                    @Override
                    public void signal(Signal signal) {
                        listener.onSignal(signal);
                    }

                    @Override
                    public void fill(Fill fill) {
                        listener.onFill(fill);
                    }
                }, java.time.Instant.now().minus(HISTORY_SKEW));
        streamThread = new Thread(this::streamLoop, "tradestation-stream-" + account.id());
        streamThread.setDaemon(true);
        streamThread.start();
        timers.scheduleWithFixedDelay(this::watchIdle, 1, 1, TimeUnit.SECONDS);
        if (!config.pollInterval().isZero()) {
            long every = config.pollInterval().toMillis();
            timers.scheduleWithFixedDelay(this::pollWhileStreamIsDown, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether the stream is connected and past its snapshot (the poller rests meanwhile). */
    boolean isLive() {
        return live;
    }

    /**
     * Asks {@code GET /v3/brokerage/accounts/{id}/orders} once and feeds what changed; for a scheduler
     * that drives the poller itself ({@code pollInterval} = PT0S).
     */
    void pollOnce() {
        long sentAt = System.nanoTime();
        List<JsonNode> orders = new ArrayList<>();
        client.get(account, "/v3/brokerage/accounts/" + account.brokerAccount() + "/orders").path("Orders")
                .forEach(orders::add);
        // TradeStation lists the newest first; signals go out in the order the orders were placed
        orders.sort(Comparator.comparing((JsonNode o) -> BrokerJson.text(o, "OpenedDateTime"),
                Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(o -> BrokerJson.text(o, "OrderID"), Comparator.nullsFirst(Comparator.naturalOrder())));
        for (JsonNode order : orders) {
            tracker.fromPoll(order, sentAt);
        }
    }

    @Override
    public void close() {
        closed = true;
        live = false;
        timers.shutdownNow();
        closeCurrent();
        Thread t = streamThread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void pollWhileStreamIsDown() {
        if (live || closed || System.nanoTime() < pollPausedUntil) {
            return;
        }
        try {
            pollOnce();
        } catch (RateLimitedException e) {
            Duration wait = e.retryAfter() != null ? e.retryAfter() : Duration.ofSeconds(30);
            pollPausedUntil = System.nanoTime() + wait.toNanos();
            LOG.warn("TradeStation poller {}: rate limited, pausing {} s", account.id(), wait.toSeconds());
        } catch (RuntimeException e) {
            LOG.warn("TradeStation poller {}: {}", account.id(), e.toString());
        }
    }

    private void streamLoop() {
        Duration backoff = FIRST_BACKOFF;
        while (!closed) {
            boolean goAway = false;
            try {
                goAway = streamOnce();
                backoff = FIRST_BACKOFF;
            } catch (AccountFailedException e) {
                listener.onConnectionState("failed", e.getMessage());
                LOG.warn("TradeStation stream {}: {}", account.id(), e.getMessage());
            } catch (Exception e) {
                if (!closed) {
                    LOG.warn("TradeStation stream {}: {}", account.id(), e.toString());
                }
            }
            live = false;
            if (closed) {
                return;
            }
            listener.onConnectionState("disconnected", goAway ? "GoAway" : "stream ended");
            if (!goAway) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** One stream connection until it ends; true when it ended with GoAway. */
    private boolean streamOnce() throws IOException, InterruptedException {
        String token = client.accessToken(account);
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.apiBase() + "/v3/brokerage/stream/accounts/"
                        + account.brokerAccount() + "/orders"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", STREAM_MEDIA_TYPE)
                .GET().build();
        HttpResponse<InputStream> response = streamHttp.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                String text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                if (response.statusCode() == 401) {
                    client.invalidate(account, token);
                }
                throw new IOException("stream refused: HTTP " + response.statusCode() + " " + text);
            }
            current = in;
            lastReceived = System.nanoTime();
            listener.onConnectionState("connected", "TradeStation order stream " + account.id());
            try (MappingIterator<JsonNode> lines = BrokerJson.MAPPER.readerFor(JsonNode.class).readValues(in)) {
                while (!closed && lines.hasNextValue()) {
                    JsonNode line = lines.nextValue();
                    lastReceived = System.nanoTime();
                    switch (TradeStationEvents.kind(line)) {
                        case ORDER -> tracker.fromStream(line, System.nanoTime());
                        case END_SNAPSHOT -> {
                            live = true;
                            listener.onConnectionState("live", "TradeStation order stream " + account.id());
                        }
                        case GO_AWAY -> {
                            return true;
                        }
                        case ERROR -> throw new IOException("stream error: " + BrokerJson.text(line, "Error") + " "
                                + BrokerJson.text(line, "Message"));
                        default -> { /* heartbeats only prove the line is alive */ }
                    }
                }
            }
            return false;
        } finally {
            current = null;
        }
    }

    private void watchIdle() {
        InputStream in = current;
        if (in != null && System.nanoTime() - lastReceived > config.streamIdle().toNanos()) {
            LOG.warn("TradeStation stream {}: nothing for {}, reconnecting", account.id(), config.streamIdle());
            closeCurrent();
        }
    }

    private void closeCurrent() {
        InputStream in = current;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is how the reader is woken; nothing else to do
            }
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }
}
