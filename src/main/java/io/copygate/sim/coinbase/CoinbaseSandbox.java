package io.copygate.sim.coinbase;

import io.copygate.signal.Side;
import io.copygate.sim.Sandbox;
import io.copygate.sim.spot.SpotExchange;
import io.copygate.sim.spot.SpotOrder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Coinbase Advanced Trade: REST {@code /api/v3/brokerage/*} (orders, batch_cancel, edit,
 * historical orders and fills, products, accounts) and the user-data WebSocket ({@code /}, channels
 * {@code user} and {@code heartbeats}). Every request needs a CDP JWT checked as Coinbase does
 * (key, algorithm, signature, 120 s lifetime, uri claim); rejects come as {@code success:false} with
 * {@code error_response} inside HTTP 200; a repeated client_order_id returns the order placed under
 * it; sizes and prices must sit on the product's increments; balances are held; 429 above the
 * per-key request rate.
 *
 * Written from Coinbase's public documentation:
 * https://docs.cdp.coinbase.com/coinbase-app/authentication-authorization/api-key-authentication (JWT),
 * https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/orders/create-order ,
 * .../orders/cancel-order , .../orders/edit-order , .../orders/list-orders , .../orders/get-order ,
 * .../orders/list-fills , .../products/get-product ,
 * https://docs.cdp.coinbase.com/advanced-trade/docs/ws-channels (user, heartbeats),
 * https://docs.cdp.coinbase.com/advanced-trade/docs/rest-api-rate-limits ,
 * and the official SDK github.com/coinbase/coinbase-advanced-py (jwt_generator.py, rest/orders.py, types).
 *
 * Test controls (sandbox-only) are the public methods below.
 */
public final class CoinbaseSandbox implements Sandbox {

    /** One request as received. */
    public record Recorded(String method, String pathAndQuery, Map<String, String> headers, String body) {
    }

    /** Requests per second per API key (Coinbase: 30 private). */
    static final class Limits {
        private int perSecond = 30;
        private final Map<String, long[]> windows = new HashMap<>();

        synchronized void set(int perSecond) {
            this.perSecond = perSecond;
            windows.clear();
        }

        synchronized int perSecond() {
            return perSecond;
        }

        synchronized boolean admit(String key) {
            long second = System.currentTimeMillis() / 1000;
            long[] w = windows.computeIfAbsent(key, k -> new long[] {second, 0});
            if (w[0] != second) {
                w[0] = second;
                w[1] = 0;
            }
            return ++w[1] <= perSecond;
        }
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
    final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    final Map<String, String> userIds = new ConcurrentHashMap<>();
    final Map<String, CoinbaseProduct> products = new ConcurrentHashMap<>();
    final Limits limits = new Limits();
    final ConcurrentLinkedQueue<Object[]> faults = new ConcurrentLinkedQueue<>();
    final List<Recorded> recorded = new CopyOnWriteArrayList<>();
    volatile Duration noAnswerFor = Duration.ofSeconds(30);
    private final Map<String, String> demoKeys = new HashMap<>();
    private Vertx vertx;
    private CoinbaseStream stream;
    private int port;

    public CoinbaseSandbox() {
        addProduct(CoinbaseProduct.of("BTC", "USD", "0.00000001", "0.01", "0.00000001", "1"), new BigDecimal("60000"));
        addProduct(CoinbaseProduct.of("ETH", "USD", "0.00000001", "0.01", "0.00000001", "1"), new BigDecimal("3000"));
        addProduct(CoinbaseProduct.of("BTC", "USDC", "0.00000001", "0.01", "0.00000001", "1"), new BigDecimal("60000"));
        // two ready accounts for the demo and manual runs: Ed25519 keys from fixed seeds (tests add their own)
        for (String who : new String[] {"master", "follower"}) {
            String name = "organizations/sandbox/apiKeys/" + who;
            byte[] seed = sha256("copygate-sandbox-" + who);
            addAccount(name, ed25519FromSeed(seed).getPublic());
            demoKeys.put(name, Base64.getEncoder().encodeToString(seed));
            setBalance(name, "USD", new BigDecimal("100000"));
            setBalance(name, "USDC", new BigDecimal("100000"));
            setBalance(name, "BTC", new BigDecimal("2"));
            setBalance(name, "ETH", new BigDecimal("20"));
        }
    }

    @Override
    public String name() {
        return "coinbase";
    }

    @Override
    public synchronized int start(int requestedPort) {
        vertx = Vertx.vertx();
        stream = new CoinbaseStream(this);
        exchange.onEvent(stream::publish);
        CoinbaseRestApi rest = new CoinbaseRestApi(this);
        HttpServer server = vertx.createHttpServer().webSocketHandler(stream::accept).requestHandler(rest::handle);
        port = io.copygate.sim.VertxServers.listen(vertx, server, requestedPort, "coinbase");
        stream.startHeartbeats();
        return port;
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The user-data WebSocket URL ({@code ws://127.0.0.1:PORT/}). */
    public String wsUrl() {
        return "ws://127.0.0.1:" + port + "/";
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

    /** An API key: its name ({@code organizations/…/apiKeys/…}) and public key (EC P-256 or Ed25519). */
    public void addAccount(String keyName, PublicKey publicKey) {
        keys.put(keyName, publicKey);
        userIds.put(keyName, UUID.nameUUIDFromBytes(keyName.getBytes(StandardCharsets.UTF_8)).toString());
    }

    /** The base64 Ed25519 private key of a ready demo account ({@code organizations/sandbox/apiKeys/master|follower}). */
    public String demoPrivateKey(String keyName) {
        return demoKeys.get(keyName);
    }

    public void setBalance(String keyName, String asset, BigDecimal free) {
        exchange.setBalance(keyName, asset, free);
    }

    public BigDecimal freeBalance(String keyName, String asset) {
        return exchange.free(keyName, asset);
    }

    public BigDecimal heldBalance(String keyName, String asset) {
        return exchange.held(keyName, asset);
    }

    public void addProduct(CoinbaseProduct p, BigDecimal lastPrice) {
        products.put(p.productId(), p);
        exchange.addMarket(p.base(), p.quote(), lastPrice);
    }

    public void setPrice(String productId, BigDecimal price) {
        exchange.setPrice(products.get(productId).marketKey(), price);
    }

    /** A master trading in the Coinbase app: placed without the API; events go to its user channel. */
    public String humanOrder(String keyName, String productId, Side side, SpotOrder.Type type, BigDecimal size,
                             BigDecimal limitPrice, BigDecimal stopPrice) {
        CoinbaseProduct p = products.get(productId);
        SpotOrder.TimeInForce tif = type == SpotOrder.Type.MARKET ? SpotOrder.TimeInForce.IOC : SpotOrder.TimeInForce.GTC;
        return exchange.place(UUID.randomUUID().toString(), keyName, p.marketKey(), side, UUID.randomUUID().toString(),
                type, tif, size, limitPrice, stopPrice, null).orderId();
    }

    public void humanCancel(String keyName, String orderId) {
        synchronized (exchange) {
            exchange.cancel(exchange.order(orderId).filter(o -> o.account().equals(keyName)).orElseThrow(), "user");
        }
    }

    public void humanEdit(String keyName, String orderId, BigDecimal size, BigDecimal price) {
        synchronized (exchange) {
            exchange.amend(exchange.order(orderId).filter(o -> o.account().equals(keyName)).orElseThrow(), size, price, null);
        }
    }

    public Optional<SpotOrder> order(String keyName, String clientOrderId) {
        return exchange.latestByClientId(keyName, clientOrderId);
    }

    public List<SpotOrder> orders(String keyName) {
        return exchange.orders(keyName);
    }

    /** The next request matching {@code "METHOD /path"} (null: any) gets the fault. */
    public void injectFault(CoinbaseFault fault, String methodAndPath) {
        faults.add(new Object[] {fault, methodAndPath});
    }

    public void noAnswerFor(Duration wait) {
        noAnswerFor = wait;
    }

    /** Requests per second per key before 429 (Coinbase: 30). */
    public void rateLimit(int perSecond) {
        limits.set(perSecond);
    }

    /** Shifts the sandbox's clock: tokens then look expired (or not yet valid) to it. */
    public void skewClock(Duration skew) {
        clockSkewMs.set(skew.toMillis());
    }

    public void dropStreams() {
        stream.dropAll();
    }

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

    CoinbaseFault takeFault(String methodAndPath) {
        for (Object[] f : faults) {
            if (f[1] == null || f[1].equals(methodAndPath)) {
                faults.remove(f);
                return (CoinbaseFault) f[0];
            }
        }
        return null;
    }

    String userId(String keyName) {
        return userIds.getOrDefault(keyName, "");
    }

    CoinbaseProduct productOfMarket(String marketKey) {
        return products.values().stream().filter(p -> p.marketKey().equals(marketKey)).findFirst().orElseThrow();
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An Ed25519 key pair whose private key is {@code seed} (the generator draws exactly the seed). */
    static KeyPair ed25519FromSeed(byte[] seed) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, Math.min(bytes.length, seed.length));
                }
            });
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
