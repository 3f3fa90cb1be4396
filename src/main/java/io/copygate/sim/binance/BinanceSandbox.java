package io.copygate.sim.binance;

import io.copygate.signal.Side;
import io.copygate.sim.Sandbox;
import io.copygate.sim.spot.SpotExchange;
import io.copygate.sim.spot.SpotOrder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.math.BigDecimal;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Binance Spot: REST {@code /api/v3/*} and the WebSocket API user data stream
 * ({@code /ws-api/v3}), strict about what Binance checks: API key, HMAC-SHA256 or Ed25519
 * signatures over the exact query, timestamp within recvWindow, mandatory and unknown parameters,
 * LOT_SIZE / PRICE_FILTER / NOTIONAL filters, balances, client order ids unique among open orders,
 * request-weight and order-count limits (429 with Retry-After, 418 ban when a client keeps
 * sending), each with Binance's own code and message.
 *
 * Written from Binance's public documentation:
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api (general info, SIGNED endpoint security, trading endpoints),
 * https://developers.binance.com/docs/binance-spot-api-docs/errors,
 * https://developers.binance.com/docs/binance-spot-api-docs/filters,
 * https://developers.binance.com/docs/binance-spot-api-docs/web-socket-api (request security, user data stream requests),
 * https://developers.binance.com/docs/binance-spot-api-docs/user-data-stream (executionReport),
 * mirrored in github.com/binance/binance-spot-api-docs (rest-api.md, errors.md, filters.md, web-socket-api.md,
 * user-data-stream.md).
 *
 * Test controls (sandbox-only, not part of Binance's API) are the public methods below: accounts
 * and balances, prices, a master trading by hand, faults, limits, clock skew and dropped streams.
 */
public final class BinanceSandbox implements Sandbox {

    /** One request as received, for checking against Binance's OpenAPI document. */
    public record Recorded(String method, String pathAndQuery, Map<String, String> headers, String body) {
    }

    record Account(String apiKey, String secretKey, PublicKey ed25519) {
    }

    private final AtomicLong clockSkewMs = new AtomicLong();
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(clockSkewMs.get());
        }
    };
    final SpotExchange exchange = new SpotExchange(clock);
    final Map<String, BinanceSymbol> symbols = new ConcurrentHashMap<>();
    final Map<String, Account> accounts = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Object[]> faults = new ConcurrentLinkedQueue<>(); // {BinanceFault, "METHOD /path" or null}
    final AtomicLong orderIds = new AtomicLong(100000);
    final BinanceLimits limits = new BinanceLimits(clock);
    final List<Recorded> recorded = new CopyOnWriteArrayList<>();
    volatile Duration noAnswerFor = Duration.ofSeconds(30);
    private Vertx vertx;
    private HttpServer server;
    private BinanceUserStream stream;
    private int port;

    public BinanceSandbox() {
        addSymbol(BinanceSymbol.of("BTC", "USDT", "0.00001", "0.01", "5"), new BigDecimal("60000"));
        addSymbol(BinanceSymbol.of("ETH", "USDT", "0.0001", "0.01", "5"), new BigDecimal("3000"));
        addSymbol(BinanceSymbol.of("BTC", "USDC", "0.00001", "0.01", "5"), new BigDecimal("60000"));
        // two ready accounts for the demo and manual runs (tests add their own)
        for (String who : new String[] {"master", "follower"}) {
            String key = "sandbox-" + who + "-key";
            addAccount(key, "sandbox-" + who + "-secret");
            setBalance(key, "USDT", new BigDecimal("100000"));
            setBalance(key, "USDC", new BigDecimal("100000"));
            setBalance(key, "BTC", new BigDecimal("2"));
            setBalance(key, "ETH", new BigDecimal("20"));
        }
    }

    @Override
    public String name() {
        return "binance";
    }

    @Override
    public synchronized int start(int requestedPort) {
        vertx = Vertx.vertx();
        stream = new BinanceUserStream(this);
        BinanceRestApi rest = new BinanceRestApi(this);
        exchange.onEvent(stream::publish);
        server = vertx.createHttpServer()
                .webSocketHandler(stream::accept)
                .requestHandler(rest::handle);
        port = io.copygate.sim.VertxServers.listen(vertx, server, requestedPort, "binance");
        return port;
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The WebSocket API URL ({@code ws://127.0.0.1:PORT/ws-api/v3}). */
    public String wsApiUrl() {
        return "ws://127.0.0.1:" + port + "/ws-api/v3";
    }

    Vertx vertx() {
        return vertx;
    }

    @Override
    public synchronized void close() {
        if (vertx != null) {
            io.copygate.sim.VertxServers.close(vertx);
            vertx = null;
        }
    }

    // ---- test controls (sandbox-only) ----

    /** An account with an HMAC key. */
    public void addAccount(String apiKey, String secretKey) {
        accounts.put(apiKey, new Account(apiKey, secretKey, null));
    }

    /** An account with an Ed25519 key (Binance keeps the public half). */
    public void addEd25519Account(String apiKey, PublicKey publicKey) {
        accounts.put(apiKey, new Account(apiKey, null, publicKey));
    }

    public void setBalance(String apiKey, String asset, BigDecimal free) {
        exchange.setBalance(apiKey, asset, free);
    }

    public BigDecimal freeBalance(String apiKey, String asset) {
        return exchange.free(apiKey, asset);
    }

    public BigDecimal lockedBalance(String apiKey, String asset) {
        return exchange.held(apiKey, asset);
    }

    public void addSymbol(BinanceSymbol symbol, BigDecimal lastPrice) {
        symbols.put(symbol.symbol(), symbol);
        exchange.addMarket(symbol.baseAsset(), symbol.quoteAsset(), lastPrice);
    }

    /** Moves the market: market orders fill here, working limits and stops it crosses execute. */
    public void setPrice(String symbol, BigDecimal price) {
        exchange.setPrice(symbol(symbol).marketKey(), price);
    }

    /**
     * A master trading by hand (Binance app/web): the order is placed without the REST API,
     * with a web-style client id, and its events go to the account's stream. Returns Binance's orderId.
     */
    public long humanOrder(String apiKey, String symbol, Side side, SpotOrder.Type type, BigDecimal quantity,
                           BigDecimal limitPrice, BigDecimal stopPrice) {
        BinanceSymbol s = symbol(symbol);
        SpotOrder o = exchange.place(Long.toString(orderIds.incrementAndGet()), apiKey, s.marketKey(), side,
                "web_" + Long.toHexString(System.nanoTime()), type,
                type == SpotOrder.Type.MARKET || type == SpotOrder.Type.STOP_MARKET ? null : SpotOrder.TimeInForce.GTC,
                quantity, limitPrice, stopPrice, null);
        return Long.parseLong(o.orderId());
    }

    /** Cancels an account's working order by hand. */
    public void humanCancel(String apiKey, long orderId) {
        synchronized (exchange) {
            SpotOrder o = exchange.order(Long.toString(orderId)).filter(x -> x.account().equals(apiKey))
                    .orElseThrow(() -> new IllegalArgumentException("no order " + orderId));
            streamCancelId("web_cancel_" + orderId);
            exchange.cancel(o, "user");
        }
    }

    /** The account's order with this client order id (latest), as the sandbox holds it. */
    public Optional<SpotOrder> order(String apiKey, String clientOrderId) {
        return exchange.latestByClientId(apiKey, clientOrderId);
    }

    public List<SpotOrder> orders(String apiKey) {
        return exchange.orders(apiKey);
    }

    /** The next request matching {@code methodAndPath} (e.g. {@code "POST /api/v3/order"}; null: any) gets the fault. */
    public void injectFault(BinanceFault fault, String methodAndPath) {
        faults.add(new Object[] {fault, methodAndPath});
    }

    /** How long {@link BinanceFault#NO_ANSWER_AFTER} holds the answer back. */
    public void noAnswerFor(Duration wait) {
        noAnswerFor = wait;
    }

    /** Request weight per minute per IP (Binance: 6000) and orders per 10 s per account (Binance: 100). */
    public void limits(int weightPerMinute, int ordersPer10Seconds) {
        limits.set(weightPerMinute, ordersPer10Seconds);
    }

    /** Forgets counted weight, orders, 429s and bans (a new window). */
    public void resetLimits() {
        limits.reset();
    }

    /** Shifts the sandbox's clock (timestamps then look stale or early to it). */
    public void skewClock(Duration skew) {
        clockSkewMs.set(skew.toMillis());
    }

    /** Closes every user data stream connection, as a network failure would. */
    public void dropStreams() {
        stream.dropAll();
    }

    /** Open WebSocket API connections that hold at least one subscription. */
    public int subscribedConnections() {
        return stream.subscribedConnections();
    }

    public List<Recorded> requests() {
        return new ArrayList<>(recorded);
    }

    public void clearRequests() {
        recorded.clear();
    }

    /** While true, new stream connections are refused (a master trading during the outage is caught up later). */
    public void refuseStreams(boolean refuse) {
        stream.refusing = refuse;
    }

    void streamCancelId(String id) {
        stream.cancelClientId(id);
    }

    BinanceSymbol symbol(String symbol) {
        BinanceSymbol s = symbols.get(symbol);
        if (s == null) {
            throw new IllegalArgumentException("no symbol " + symbol);
        }
        return s;
    }

    BinanceSymbol symbolOfMarket(String marketKey) {
        return symbols.values().stream().filter(s -> s.marketKey().equals(marketKey)).findFirst().orElseThrow();
    }
}
