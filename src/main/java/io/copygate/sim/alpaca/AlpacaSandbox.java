package io.copygate.sim.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.sim.Sandbox;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A loopback Alpaca Trading API v2 for tests, paper mode and benchmarks: many accounts in one
 * server, each with its own key pair, cash, positions and orders; the REST subset copygate uses and
 * the trade_updates WebSocket, on Vert.x event loops with no lock shared between accounts.
 *
 * <p>Written from Alpaca's public documentation:
 * <ul>
 * <li>the Trading API OpenAPI document, https://docs.alpaca.markets/openapi/trading-api.json
 *     (paths, fields, enums, status codes of /v2/orders, /v2/orders/{order_id},
 *     /v2/orders:by_client_order_id, /v2/account, /v2/positions)</li>
 * <li>https://docs.alpaca.markets/docs/orders-at-alpaca (order types, bracket/OCO/OTO, time in force,
 *     buying power, sub-penny error text, client order ids)</li>
 * <li>https://docs.alpaca.markets/docs/fractional-trading and https://docs.alpaca.markets/docs/crypto-orders</li>
 * <li>https://docs.alpaca.markets/docs/websocket-streaming (auth, listen, trade_updates events, binary frames on paper)</li>
 * <li>https://alpaca.markets/support/usage-limit-api-calls (200 requests per minute per account, 429) and
 *     https://forum.alpaca.markets/t/executing-orders/12029 (X-Ratelimit-Limit/Remaining/Reset headers)</li>
 * <li>error bodies as Alpaca sends them: {@code {"code":40110000,"message":"request is not authorized"}}
 *     (github.com/alpacahq/alpaca-py/pull/391), {@code {"message":"forbidden."}} (github.com/alpacahq/Alpaca-API/issues/228),
 *     "client_order_id must be unique" (github.com/alpacahq/alpaca-py/issues/260), "order parameters are not changed"
 *     (github.com/alpacahq/alpaca-trade-api-js/issues/123)</li>
 * </ul>
 *
 * <p>Everything a test or benchmark needs beyond Alpaca's API is a sandbox control: the Java
 * methods below, mirrored as HTTP endpoints under {@code /sandbox/} (see {@link SandboxControl})
 * for a sandbox running in another process.
 */
public final class AlpacaSandbox implements Sandbox {
    private final Map<String, SimAccount> byName = new ConcurrentHashMap<>();
    private final Map<String, SimAccount> byKeyId = new ConcurrentHashMap<>();
    private final RequestLog log = new RequestLog();
    private final TradeUpdatesStream stream = new TradeUpdatesStream(byKeyId::get, log);
    private final OrderDesk desk = new OrderDesk(stream);
    private final AccountViews views = new AccountViews(desk);
    private final int eventLoops;
    private volatile int rateLimitPerMinute = 200;
    private Vertx vertx;
    private HttpServer server;
    private int port;

    public AlpacaSandbox() {
        this(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /** @param eventLoops Vert.x event loop threads serving REST and the streams */
    public AlpacaSandbox(int eventLoops) {
        this.eventLoops = eventLoops;
    }

    @Override
    public String name() {
        return "alpaca";
    }

    @Override
    public synchronized int start(int requestedPort) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        RestApi rest = new RestApi(vertx, byKeyId::get, desk, views, log, new SandboxControl(this), () -> rateLimitPerMinute);
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(requestedPort)
                .setTcpNoDelay(true).setAcceptBacklog(4096).setMaxWebSocketFrameSize(1 << 20);
        try {
            server = vertx.createHttpServer(options)
                    .requestHandler(rest::handle)
                    .webSocketHandler(stream::accept)
                    .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the Alpaca sandbox cannot listen on port " + requestedPort, e);
        }
        port = server.actualPort();
        return port;
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The trade_updates stream URL, as an account's {@code streamUrl} setting. */
    public String streamUrl() {
        return "ws://127.0.0.1:" + port + "/stream";
    }

    @Override
    public synchronized void close() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the Alpaca sandbox did not stop cleanly", e);
            } finally {
                vertx = null;
            }
        }
    }

    // ---------------------------------------------------------------- accounts

    /** An account's handle and its API key pair. {@link #toString()} hides the secret. */
    public record SandboxAccount(String name, String id, String accountNumber, String keyId, String secretKey) {
        @Override
        public String toString() {
            return "SandboxAccount[name=" + name + ", id=" + id + ", keyId=" + keyId + "]";
        }
    }

    /** A margin account (multiplier 2) holding {@code cash}; its keys are derived from the name. */
    public SandboxAccount createAccount(String name, BigDecimal cash) {
        return createAccount(name, cash, 2);
    }

    /**
     * @param multiplier 1 = cash account (buying power = cash, no shorting), 2 or 4 = margin account
     */
    public SandboxAccount createAccount(String name, BigDecimal cash, int multiplier) {
        String keyId = "PK" + name.toUpperCase().replaceAll("[^A-Z0-9]", "");
        String secret = "sandbox-secret-" + name;
        SimAccount account = new SimAccount(name, keyId, secret, cash, multiplier);
        if (byName.putIfAbsent(name, account) != null) {
            throw new IllegalArgumentException("sandbox account '" + name + "' already exists");
        }
        byKeyId.put(keyId, account);
        return handle(account, secret);
    }

    /** {@code count} accounts named {@code prefix1 .. prefixN}, each holding {@code cash}. */
    public List<SandboxAccount> createAccounts(String prefix, int count, BigDecimal cash) {
        List<SandboxAccount> created = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            created.add(createAccount(prefix + i, cash));
        }
        return created;
    }

    private static SandboxAccount handle(SimAccount a, String secret) {
        return new SandboxAccount(a.name, a.id, a.accountNumber, a.keyId, secret);
    }

    /** Seeds a position (negative = short) bought at {@code avgEntryPrice}; cash is not touched. */
    public void setPosition(String account, String symbol, BigDecimal qty, BigDecimal avgEntryPrice) {
        SimAccount a = account(account);
        synchronized (a) {
            SimAccount.Position p = a.position(symbol, OrderRules.isCrypto(symbol));
            p.qty = qty;
            p.avgEntryPrice = avgEntryPrice;
        }
    }

    // ---------------------------------------------------------------- market

    /** The market price of a symbol: fills market orders and every working order the price crosses. */
    public void setPrice(String symbol, BigDecimal price) {
        desk.setPrice(symbol, price);
    }

    /** Marks an asset (not) fractionable; fractional and notional orders for it are then refused. */
    public void setFractionable(String symbol, boolean fractionable) {
        desk.setFractionable(symbol, fractionable);
    }

    // ---------------------------------------------------------------- a master trading by hand

    /** Places an order as the account's owner would in Alpaca's app (a POST /v2/orders body); it appears on the stream and in GET /v2/orders. */
    public JsonNode placeAsHuman(String account, String orderJson) {
        return human(() -> desk.place(account(account), SimJson.parseObject(orderJson)));
    }

    /** Replaces an order as its owner would (a PATCH /v2/orders/{id} body); returns the new order. */
    public JsonNode replaceAsHuman(String account, String orderId, String patchJson) {
        return human(() -> desk.replace(account(account), orderId, SimJson.parseObject(patchJson)));
    }

    public void cancelAsHuman(String account, String orderId) {
        human(() -> {
            desk.cancel(account(account), orderId);
            return null;
        });
    }

    /** The market executes {@code qty} (null = all that remains) of a working order at {@code price}. */
    public JsonNode fill(String account, String orderId, BigDecimal qty, BigDecimal price) {
        return human(() -> desk.fill(account(account), orderId, qty, price));
    }

    /** The order's time in force ran out: status {@code expired}. */
    public void expire(String account, String orderId) {
        human(() -> {
            desk.finish(account(account), orderId, "expired");
            return null;
        });
    }

    /** The venue rejected a working order: status {@code rejected}. */
    public void rejectOrder(String account, String orderId) {
        human(() -> {
            desk.finish(account(account), orderId, "rejected");
            return null;
        });
    }

    private static JsonNode human(java.util.function.Supplier<JsonNode> call) {
        try {
            return call.get();
        } catch (SimReject reject) {
            throw new IllegalArgumentException("HTTP " + reject.status + ": " + reject.getMessage());
        }
    }

    // ---------------------------------------------------------------- inspection

    /** Every order of the account (legs included), oldest first, as GET /v2/orders renders them. */
    public List<JsonNode> orders(String account) {
        SimAccount a = account(account);
        synchronized (a) {
            List<JsonNode> all = new ArrayList<>(a.ordersInSubmission.size());
            a.ordersInSubmission.forEach(o -> all.add(o.toJson(false)));
            return all;
        }
    }

    /** The order with this client order id, or null. */
    public JsonNode orderByClientId(String account, String clientOrderId) {
        SimAccount a = account(account);
        synchronized (a) {
            SimOrder o = a.ordersByClientId.get(clientOrderId);
            return o == null ? null : o.toJson(true);
        }
    }

    public JsonNode accountView(String account) {
        return views.account(account(account));
    }

    /** Open trade_updates connections listening for the account. */
    public int listenerCount(String account) {
        return account(account).listeners.size();
    }

    /** What the sandbox received, oldest first (REST requests, and stream messages as method {@code WS}). */
    public List<RecordedRequest> requests() {
        return log.snapshot();
    }

    public void clearRequests() {
        log.clear();
    }

    /** Benchmarks may switch recording off, or bound it (oldest entries are dropped first). */
    public void recordRequests(boolean enabled, int capacity) {
        log.enabled = enabled;
        log.capacity = capacity;
    }

    /** A request as received. {@code headers} keep their first value; the stream's secrets are masked. */
    public record RecordedRequest(Instant receivedAt, String method, String pathAndQuery, Map<String, String> headers,
            String body) {
        @Override
        public String toString() {
            return method + " " + pathAndQuery + (body == null ? "" : " " + body);
        }
    }

    // ---------------------------------------------------------------- limits and faults

    /** The request budget of every account without its own (Alpaca: 200 per minute); 0 = unlimited. */
    public void setRateLimit(int requestsPerMinute) {
        rateLimitPerMinute = requestsPerMinute;
    }

    /** One account's own budget; -1 returns it to the default. */
    public void setRateLimit(String account, int requestsPerMinute) {
        account(account).rateLimitOverride = requestsPerMinute;
    }

    /** Answers 429 to every request of the account for this long. */
    public void forceRateLimit(String account, Duration duration) {
        account(account).forcedRateLimitUntilMillis = System.currentTimeMillis() + duration.toMillis();
    }

    /** The next {@code count} requests of the account get {@code status} (e.g. 500) and are not carried out. */
    public void failRequests(String account, int status, int count) {
        SimAccount a = account(account);
        a.failRemaining.set(count);
        a.failStatus = status;
    }

    /** Carries out the account's requests but answers only after {@code delay} (a client timeout then leaves the outcome unknown). */
    public void delayAnswers(String account, Duration delay) {
        account(account).answerDelayMillis = delay.toMillis();
    }

    /** Refuses the account's stream connections (closed right after authentication) while set. */
    public void refuseStream(String account, boolean refuse) {
        account(account).streamRefused = refuse;
    }

    /** Cuts the account's stream connections after {@code events} more trade_updates events. */
    public void dropStreamAfter(String account, int events) {
        account(account).dropStreamAfterEvents.set(events);
    }

    /** Cuts the account's stream connections now. */
    public void dropStream(String account) {
        stream.drop(account(account));
    }

    /** The key pair stops working (as if regenerated in the dashboard): REST answers 401, the stream unauthorized. */
    public void revokeKeys(String account) {
        account(account).keysRevoked = true;
    }

    /** Binary frames (as paper sends) or text frames (as live sends) on the stream. */
    public void streamFrames(boolean binary) {
        stream.binaryFrames = binary;
    }

    /** Removes every fault injected for the account (its keys are restored, its own budget dropped). */
    public void clearFaults(String account) {
        SimAccount a = account(account);
        a.failStatus = 0;
        a.failRemaining.set(0);
        a.answerDelayMillis = 0;
        a.streamRefused = false;
        a.dropStreamAfterEvents.set(-1);
        a.forcedRateLimitUntilMillis = 0;
        a.rateLimitOverride = -1;
        a.keysRevoked = false;
    }

    SimAccount account(String name) {
        SimAccount a = byName.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no sandbox account '" + name + "'");
        }
        return a;
    }
}
