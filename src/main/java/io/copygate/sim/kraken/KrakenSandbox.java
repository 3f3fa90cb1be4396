package io.copygate.sim.kraken;

import io.copygate.signal.Side;
import io.copygate.sim.Sandbox;
import io.copygate.sim.spot.SpotExchange;
import io.copygate.sim.spot.SpotOrder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Kraken Spot: REST {@code /0/public/*} and {@code /0/private/*} and the authenticated
 * WebSocket v2 ({@code /v2}, channel {@code executions}). Strict where Kraken is: API-Key, API-Sign
 * over the exact body, strictly increasing nonces per key, pair names, lot decimals and price
 * precision, ordermin/costmin, balances, cl_ord_id unique among open orders, the REST call counter
 * and the trading rate counter, WebSocket tokens valid 15 minutes until used, each answered with
 * Kraken's error strings in {@code error[]}.
 *
 * Written from Kraken's public documentation:
 * https://docs.kraken.com/api/docs/guides/spot-rest-auth (API-Sign, nonce),
 * https://docs.kraken.com/api/docs/guides/spot-rest-ratelimits (REST counter, trading limiter),
 * https://docs.kraken.com/api/docs/rest-api/add-order , .../amend-order , .../cancel-order ,
 * .../get-open-orders , .../get-closed-orders , .../get-trade-history , .../get-websockets-token ,
 * .../get-tradable-asset-pairs (the OpenAPI document github.com/krakenfx/api-specs spot-rest/openapi_v3.yaml),
 * https://docs.kraken.com/api/docs/websocket-v2/executions ,
 * https://support.kraken.com/hc/en-us/articles/360001491786-API-error-messages ,
 * https://docs.kraken.com/api/blog/cl-ord-id (cl_ord_id formats and uniqueness among open orders).
 *
 * Test controls (sandbox-only) are the public methods below.
 */
public final class KrakenSandbox implements Sandbox {

    /** One request as received, for checking against Kraken's OpenAPI document. */
    public record Recorded(String method, String pathAndQuery, Map<String, String> headers, String body) {
    }

    final Clock clock = Clock.systemUTC();
    final SpotExchange exchange = new SpotExchange(clock);
    final Map<String, KrakenPair> pairs = new ConcurrentHashMap<>();
    final Map<String, String> secrets = new ConcurrentHashMap<>();
    final KrakenLimits limits = new KrakenLimits(clock);
    final ConcurrentLinkedQueue<Object[]> faults = new ConcurrentLinkedQueue<>();
    final AtomicLong ids = new AtomicLong(1000);
    final List<Recorded> recorded = new CopyOnWriteArrayList<>();
    volatile Duration noAnswerFor = Duration.ofSeconds(30);
    volatile Duration tokenLifetime = Duration.ofMinutes(15);
    private Vertx vertx;
    private KrakenStream stream;
    private int port;

    public KrakenSandbox() {
        addPair(KrakenPair.of("XXBT", "ZUSD", "BTC", "USD", "XBT", "USD", 8, 1, "0.0001", "0.5"), new BigDecimal("60000"));
        addPair(KrakenPair.of("XETH", "ZUSD", "ETH", "USD", "ETH", "USD", 8, 2, "0.002", "0.5"), new BigDecimal("3000"));
        addPair(KrakenPair.of("XXDG", "ZUSD", "DOGE", "USD", "XDG", "USD", 8, 7, "50", "0.5"), new BigDecimal("0.2"));
        addPair(KrakenPair.of("XBT", "USDT", "BTC", "USDT", "XBT", "USDT", 8, 1, "0.0001", "0.5"), new BigDecimal("60000"));
        for (String who : new String[] {"master", "follower"}) {
            String key = "sandbox-" + who + "-key";
            addAccount(key, java.util.Base64.getEncoder().encodeToString(("sandbox-" + who + "-secret").getBytes()));
            setBalance(key, "USD", new BigDecimal("100000"));
            setBalance(key, "USDT", new BigDecimal("100000"));
            setBalance(key, "BTC", new BigDecimal("2"));
            setBalance(key, "ETH", new BigDecimal("20"));
            setBalance(key, "DOGE", new BigDecimal("100000"));
        }
    }

    @Override
    public String name() {
        return "kraken";
    }

    @Override
    public synchronized int start(int requestedPort) {
        vertx = Vertx.vertx();
        stream = new KrakenStream(this);
        exchange.onEvent(stream::publish);
        KrakenRestApi rest = new KrakenRestApi(this);
        HttpServer server = vertx.createHttpServer().webSocketHandler(stream::accept).requestHandler(rest::handle);
        port = io.copygate.sim.VertxServers.listen(vertx, server, requestedPort, "kraken");
        return port;
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The authenticated WebSocket v2 URL ({@code ws://127.0.0.1:PORT/v2}). */
    public String wsUrl() {
        return "ws://127.0.0.1:" + port + "/v2";
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

    /** An account: its API key and base64 private key. */
    public void addAccount(String apiKey, String privateKeyBase64) {
        secrets.put(apiKey, privateKeyBase64);
    }

    /** Sets a balance by common asset code ({@code BTC}, {@code USD}). */
    public void setBalance(String apiKey, String asset, BigDecimal free) {
        exchange.setBalance(apiKey, asset, free);
    }

    public BigDecimal freeBalance(String apiKey, String asset) {
        return exchange.free(apiKey, asset);
    }

    public BigDecimal heldBalance(String apiKey, String asset) {
        return exchange.held(apiKey, asset);
    }

    public void addPair(KrakenPair pair, BigDecimal lastPrice) {
        pairs.put(pair.id(), pair);
        exchange.addMarket(pair.commonBase(), pair.commonQuote(), lastPrice);
    }

    /** Moves the market of a pair (any of its names): market orders fill here, crossed limits and stops execute. */
    public void setPrice(String pair, BigDecimal price) {
        exchange.setPrice(pair(pair).orElseThrow(() -> new IllegalArgumentException("no pair " + pair)).marketKey(), price);
    }

    /** A master trading by hand (Kraken Pro): placed without the API; its events go to the account's stream. */
    public String humanOrder(String apiKey, String pair, Side side, SpotOrder.Type type, BigDecimal quantity,
                             BigDecimal limitPrice, BigDecimal stopPrice) {
        KrakenPair p = pair(pair).orElseThrow();
        return exchange.place(KrakenWire.txid('O', ids.incrementAndGet()), apiKey, p.marketKey(), side, null, type,
                type == SpotOrder.Type.MARKET ? null : SpotOrder.TimeInForce.GTC, quantity, limitPrice, stopPrice, null)
                .orderId();
    }

    public void humanCancel(String apiKey, String txid) {
        synchronized (exchange) {
            SpotOrder o = exchange.order(txid).filter(x -> x.account().equals(apiKey)).orElseThrow();
            exchange.cancel(o, "User requested");
        }
    }

    /** A master amending a working order by hand. */
    public void humanAmend(String apiKey, String txid, BigDecimal quantity, BigDecimal limitPrice) {
        synchronized (exchange) {
            SpotOrder o = exchange.order(txid).filter(x -> x.account().equals(apiKey)).orElseThrow();
            exchange.amend(o, quantity, limitPrice, null);
        }
    }

    public Optional<SpotOrder> order(String apiKey, String clOrdId) {
        return exchange.latestByClientId(apiKey, clOrdId);
    }

    public List<SpotOrder> orders(String apiKey) {
        return exchange.orders(apiKey);
    }

    /** The next request to {@code path} (e.g. {@code /0/private/AddOrder}; null: any) gets the fault. */
    public void injectFault(KrakenFault fault, String path) {
        faults.add(new Object[] {fault, path});
    }

    public void noAnswerFor(Duration wait) {
        noAnswerFor = wait;
    }

    /** REST counter maximum and decay per second, and the trading counter threshold. */
    public void limits(double maxCounter, double decayPerSecond, double tradingThreshold) {
        limits.set(maxCounter, decayPerSecond, tradingThreshold);
    }

    public void resetLimits() {
        limits.reset();
    }

    /** How long a fresh WebSocket token stays usable (Kraken: 15 minutes). */
    public void tokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    /** Closes every WebSocket connection, as a network failure would. */
    public void dropStreams() {
        stream.dropAll();
    }

    /** While true, new WebSocket connections are refused. */
    public void refuseStreams(boolean refuse) {
        stream.refusing = refuse;
    }

    public int subscribedConnections() {
        return stream.subscribedConnections();
    }

    public List<Recorded> requests() {
        return new ArrayList<>(recorded);
    }

    public void clearRequests() {
        recorded.clear();
    }

    String streamToken(String apiKey) {
        return stream.issueToken(apiKey);
    }

    Optional<KrakenPair> pair(String name) {
        return pairs.values().stream().filter(p -> p.answersTo(name)).findFirst();
    }

    KrakenPair pairOfMarket(String marketKey) {
        return pairs.values().stream().filter(p -> p.marketKey().equals(marketKey)).findFirst().orElseThrow();
    }
}
