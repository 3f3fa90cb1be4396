package io.copygate.sim.tradovate;

/*
 * A Tradovate sandbox written from Tradovate's public documentation:
 *   https://partner.tradovate.com/api/rest-api-endpoints/authentication/access-token-request
 *   https://partner.tradovate.com/api/rest-api-endpoints/authentication/renew-access-token
 *   https://partner.tradovate.com/api/rest-api-endpoints/orders/place-order
 *   https://partner.tradovate.com/api/rest-api-endpoints/orders/place-oso
 *   https://partner.tradovate.com/api/rest-api-endpoints/orders/command-list   (Command carries clOrdId)
 *   https://partner.tradovate.com/api/rest-api-endpoints/orders/order-list
 *   https://partner.tradovate.com/overview/core-concepts/rate-limits           (429, empty body, wait 1 hour)
 *   https://partner.tradovate.com/overview/core-concepts/penalty-tickets       (p-ticket / p-time / p-captcha)
 *   https://partner.tradovate.com/overview/core-concepts/error-handling        (business errors inside HTTP 200)
 *   https://partner.tradovate.com/overview/core-concepts/web-sockets/user-syncrequest
 *   https://github.com/tradovate/example-api-js (WebSocket frames o/h/a/c, authorize, heartbeat "[]")
 * and the entity models of Tradovate's swagger as generated in Jtcollins/tradovate_client (docs/*.md).
 * Where the documentation is silent the sandbox says so: Tradovate documents no uniqueness check on
 * clOrdId, so a repeated clOrdId is accepted here too (the adapter guards against repeats itself),
 * and the exact wording of a few texts ("Access is denied", "Invalid or missed parameters") is the
 * one third-party integrators report, not a documented constant.
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.sim.Sandbox;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local Tradovate (REST {@code /v1/...} + WebSocket {@code /v1/websocket}) for tests, demos and
 * paper mode. Sandbox-only controls are the public methods below and, for a standalone sandbox,
 * {@code POST /sandbox/...} endpoints; nothing else differs from the documented API.
 */
public final class TradovateSandbox implements Sandbox {
    private static final Duration AUTH_WINDOW = Duration.ofMinutes(1);
    private static final int AUTH_PER_MINUTE = 10;
    private static final int REQUESTS_PER_HOUR = 5000;

    private record Token(long userId, Instant expiresAt) {
    }

    private record Ticket(String path, JsonNode body, Instant notBefore) {
    }

    private record Answer(int status, String body) {
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    private final TradovateBook book;
    private final TradovateSockets sockets;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final Map<Long, Instant> limitedUntil = new ConcurrentHashMap<>();
    private final Map<Long, Deque<Instant>> hourly = new ConcurrentHashMap<>();
    private final Deque<Instant> logins = new ArrayDeque<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Duration offset = Duration.ZERO;
    private volatile Duration tokenLifetime = Duration.ofMinutes(80);
    private volatile int penalties;
    private volatile int penaltySeconds;
    private volatile boolean penaltyCaptcha;
    private volatile int failures;
    private volatile int failureStatus;
    private volatile int delays;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean refuseSockets;
    private HttpServer server;
    private int port;

    public TradovateSandbox() {
        TradovateSockets[] hub = new TradovateSockets[1];
        this.book = new TradovateBook((user, type, event, entity) -> hub[0].publish(user, type, event, entity), this::now);
        this.sockets = new TradovateSockets(vertx, book, this::userOf, this::now);
        hub[0] = sockets;
        // a ready-made login for a standalone sandbox; tests add their own
        long demo = addUser("demo", "demo-password", "8", "demo-secret");
        addAccount(demo, "DEMO000001");
    }

    @Override
    public String name() {
        return "tradovate";
    }

    @Override
    public synchronized int start(int requestedPort) {
        server = vertx.createHttpServer().requestHandler(this::handle);
        server = server.listen(requestedPort, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        port = server.actualPort();
        return port;
    }

    /** REST root as an account's {@code baseUrl} setting: {@code http://127.0.0.1:PORT/v1}. */
    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    public String webSocketUrl() {
        return "ws://127.0.0.1:" + port + "/v1/websocket";
    }

    @Override
    public void close() {
        sockets.closeAll();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    // ---- sandbox controls --------------------------------------------------------------------

    /** A Tradovate user; {@code cid}/{@code sec} (API key id and secret) may be null for a user without a key. */
    public long addUser(String name, String password, String cid, String sec) {
        return book.addUser(name, password, cid, sec).id();
    }

    public long addAccount(long userId, String accountName) {
        return book.addAccount(userId, accountName).id();
    }

    /** The market for {@code symbol} (Tradovate form, {@code ESZ5}) trades at {@code price}: fills what it crosses. */
    public void setPrice(String symbol, BigDecimal price) {
        book.setPrice(symbol, price);
    }

    /** A human places an order in Tradovate's own app ({@code isAutomated} false, no clOrdId); returns its id. */
    public long humanPlaceOrder(String accountName, String action, String symbol, int qty, String orderType,
            BigDecimal price, BigDecimal stopPrice) {
        TradovateBook.Account account = book.accountNamed(accountName);
        ObjectNode body = TradovateBook.JSON.createObjectNode().put("accountSpec", accountName)
                .put("accountId", account.id()).put("action", action).put("symbol", symbol).put("orderQty", qty)
                .put("orderType", orderType).put("timeInForce", "Day").put("isAutomated", false);
        if (price != null) {
            body.put("price", price);
        }
        if (stopPrice != null) {
            body.put("stopPrice", stopPrice);
        }
        return requireOk(book.place(account.userId(), body, false)).get("orderId").asLong();
    }

    /** A human changes a working order in Tradovate's app. */
    public void humanModifyOrder(long orderId, int qty, String orderType, BigDecimal price, BigDecimal stopPrice) {
        long userId = userOfOrder(orderId);
        ObjectNode body = TradovateBook.JSON.createObjectNode().put("orderId", orderId).put("orderQty", qty)
                .put("orderType", orderType).put("isAutomated", false);
        if (price != null) {
            body.put("price", price);
        }
        if (stopPrice != null) {
            body.put("stopPrice", stopPrice);
        }
        requireOk(book.modify(userId, body));
    }

    /** A human cancels a working order in Tradovate's app. */
    public void humanCancelOrder(long orderId) {
        requireOk(book.cancel(userOfOrder(orderId), TradovateBook.JSON.createObjectNode().put("orderId", orderId)
                .put("isAutomated", false)));
    }

    /** The orders of an account as {@code /order/list} shows them, each with its current version merged in. */
    public List<JsonNode> orders(String accountName) {
        TradovateBook.Account account = book.accountNamed(accountName);
        List<JsonNode> result = new java.util.ArrayList<>();
        for (JsonNode o : book.orderList(account.userId())) {
            if (o.get("accountId").asLong() == account.id()) {
                ArrayNode versions = book.versionsOf(account.userId(), o.get("id").asLong());
                ObjectNode merged = ((ObjectNode) o.deepCopy()).setAll((ObjectNode) versions.get(versions.size() - 1));
                merged.put("id", o.get("id").asLong());
                result.add(merged);
            }
        }
        return result;
    }

    /** The commands (with their clOrdId) of the account's user. */
    public List<JsonNode> commands(String accountName) {
        List<JsonNode> result = new java.util.ArrayList<>();
        book.commandList(book.accountNamed(accountName).userId()).forEach(result::add);
        return result;
    }

    /** The account's net position in a contract ({@code ESZ5}). */
    public int netPosition(String accountName, String symbol) {
        TradovateBook.Account account = book.accountNamed(accountName);
        ObjectNode contract = book.contractFind(symbol);
        for (JsonNode p : book.positionList(account.userId())) {
            if (p.get("accountId").asLong() == account.id() && p.get("contractId").asLong() == contract.get("id").asLong()) {
                return p.get("netPos").asInt();
            }
        }
        return 0;
    }

    /** Every access token issued so far stops working now (as if its 80 minutes had passed). */
    public void expireTokens() {
        Instant now = now();
        tokens.replaceAll((value, t) -> new Token(t.userId(), now));
    }

    public void tokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    /** Moves the sandbox's clock (token expiry, penalty waits, rate windows) forward. */
    public void advanceTime(Duration by) {
        offset = offset.plus(by);
    }

    public Instant now() {
        return Instant.now().plus(offset);
    }

    /** The next {@code count} POST requests get a penalty ticket of {@code seconds} (with captcha if asked). */
    public void penalizeNext(int count, int seconds, boolean captcha) {
        penaltySeconds = seconds;
        penaltyCaptcha = captcha;
        penalties = count;
    }

    /** The user's requests are answered 429 (empty body) until {@code duration} of sandbox time has passed. */
    public void limitUser(long userId, Duration duration) {
        limitedUntil.put(userId, now().plus(duration));
    }

    /** The next {@code count} API requests are answered with {@code status} without being carried out. */
    public void failNext(int count, int status) {
        failureStatus = status;
        failures = count;
    }

    /** The next {@code count} API requests are carried out, but their answers come {@code by} late. */
    public void delayAnswersNext(int count, Duration by) {
        delay = by;
        delays = count;
    }

    /** Cuts every WebSocket connection, as a network failure would. */
    public void dropSockets() {
        sockets.dropAll();
    }

    /** While true, WebSocket upgrades are refused (HTTP 503), so a dropped client cannot reconnect yet. */
    public void refuseSockets(boolean refuse) {
        refuseSockets = refuse;
    }

    public int openSockets() {
        return sockets.open();
    }

    /** The client heartbeats ({@code []}) received over all WebSocket connections. */
    public int heartbeatsReceived() {
        return sockets.heartbeatsReceived();
    }

    /** Every text message clients sent over WebSockets (requests and heartbeats). */
    public List<String> socketMessages() {
        return sockets.received();
    }

    public void clientHeartbeatTimeout(Duration timeout) {
        sockets.clientTimeout(timeout);
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    // ---- HTTP --------------------------------------------------------------------------------

    private void handle(HttpServerRequest req) {
        String path = req.path().toLowerCase(Locale.ROOT);
        if (path.equals("/v1/websocket")) {
            if (refuseSockets) {
                req.response().setStatusCode(503).end("Service Unavailable");
                return;
            }
            var connection = req.connection();
            req.toWebSocket().onSuccess(ws -> sockets.open(ws, connection));
            return;
        }
        req.body().onSuccess(buffer -> {
            String body = buffer.toString(StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            requests.add(new RecordedRequest(req.method().name(), req.uri(), headers, body));
            Answer answer;
            try {
                answer = path.startsWith("/sandbox/") ? control(path, body) : api(req, path, body);
            } catch (RuntimeException e) {
                answer = new Answer(500, "Internal Server Error");
            }
            Answer toSend = answer;
            if (!path.startsWith("/sandbox/") && delays > 0) {
                delays--;
                vertx.setTimer(Math.max(1, delay.toMillis()), t -> send(req, toSend));
            } else {
                send(req, toSend);
            }
        });
    }

    private static void send(HttpServerRequest req, Answer answer) {
        var response = req.response().setStatusCode(answer.status());
        if (answer.body().startsWith("{") || answer.body().startsWith("[") || answer.body().equals("null")) {
            response.putHeader("Content-Type", "application/json");
        }
        response.end(answer.body());
    }

    private Answer api(HttpServerRequest req, String path, String text) {
        if (failures > 0) {
            failures--;
            return new Answer(failureStatus, "Internal Server Error");
        }
        boolean post = req.method().name().equals("POST");
        JsonNode body = null;
        if (post) {
            try {
                body = TradovateBook.JSON.readTree(text);
            } catch (Exception e) {
                return json(TradovateBook.invalidParameters());
            }
            if (body == null || !body.isObject()) {
                return json(TradovateBook.invalidParameters());
            }
            Answer penalty = penalty(path, (ObjectNode) body);
            if (penalty != null) {
                return penalty;
            }
        }
        if (path.equals("/v1/auth/accesstokenrequest") && post) {
            return login(body);
        }
        String auth = req.getHeader("Authorization");
        long userId = auth != null && auth.startsWith("Bearer ") ? userOf(auth.substring(7).trim(), now()) : -1;
        if (userId < 0) {
            return new Answer(401, "Access is denied");
        }
        Instant now = now();
        Instant limited = limitedUntil.get(userId);
        if (limited != null && now.isBefore(limited)) {
            return new Answer(429, "");
        }
        Deque<Instant> window = hourly.computeIfAbsent(userId, k -> new ArrayDeque<>());
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst().isBefore(now.minus(Duration.ofHours(1)))) {
                window.pollFirst();
            }
            window.addLast(now);
            if (window.size() > REQUESTS_PER_HOUR) {
                limitedUntil.put(userId, now.plus(Duration.ofHours(1)));
                return new Answer(429, "");
            }
        }
        return route(req, path, post, body, userId);
    }

    private Answer route(HttpServerRequest req, String path, boolean post, JsonNode body, long userId) {
        if (post) {
            return switch (path) {
                case "/v1/order/placeorder" -> json(book.place(userId, body, false));
                case "/v1/order/placeoso" -> json(book.place(userId, body, true));
                case "/v1/order/modifyorder" -> json(book.modify(userId, body));
                case "/v1/order/cancelorder" -> json(book.cancel(userId, body));
                case "/v1/order/liquidateposition" -> json(book.liquidate(userId, body));
                default -> new Answer(404, "Not Found");
            };
        }
        if (!req.method().name().equals("GET")) {
            return new Answer(405, "Method Not Allowed");
        }
        return switch (path) {
            case "/v1/auth/renewaccesstoken" -> renew(req);
            case "/v1/account/list" -> json(book.accountList(userId));
            case "/v1/order/list" -> json(book.orderList(userId));
            case "/v1/command/list" -> json(book.commandList(userId));
            case "/v1/fill/list" -> json(book.fillList(userId));
            case "/v1/position/list" -> json(book.positionList(userId));
            case "/v1/order/item" -> idParam(req, "id") == null ? badQuery()
                    : orNotFound(book.orderItem(userId, idParam(req, "id")));
            case "/v1/orderversion/deps" -> idParam(req, "masterid") == null ? badQuery()
                    : json(book.versionsOf(userId, idParam(req, "masterid")));
            case "/v1/contract/item" -> idParam(req, "id") == null ? badQuery()
                    : orNotFound(book.contractItem(idParam(req, "id")));
            case "/v1/contract/find" -> req.getParam("name") == null ? badQuery()
                    : orNotFound(book.contractFind(req.getParam("name")));
            default -> new Answer(404, "Not Found");
        };
    }

    private Answer login(JsonNode body) {
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("name", "password", "appId", "appVersion", "deviceId", "cid", "sec", "p-ticket").contains(f)) {
                return json(TradovateBook.invalidParameters());
            }
        }
        if (!body.path("name").isTextual() || !body.path("password").isTextual()) {
            return json(TradovateBook.invalidParameters());
        }
        TradovateBook.User user = book.login(body.get("name").asText(), body.get("password").asText(),
                body.hasNonNull("cid") ? body.get("cid").asText() : null,
                body.hasNonNull("sec") ? body.get("sec").asText() : null);
        if (user == null) {
            return json(TradovateBook.JSON.createObjectNode().put("errorText", "Incorrect username or password"));
        }
        return json(issue(user));
    }

    private Answer renew(HttpServerRequest req) {
        String auth = req.getHeader("Authorization");
        long userId = userOf(auth.substring(7).trim(), now());
        return json(issue(book.user(userId)));
    }

    private ObjectNode issue(TradovateBook.User user) {
        String value = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        Instant expires = now().plus(tokenLifetime);
        tokens.put(value, new Token(user.id(), expires));
        return TradovateBook.JSON.createObjectNode().put("accessToken", value).put("mdAccessToken", value)
                .put("expirationTime", expires.toString())
                .put("passwordExpirationTime", now().plus(Duration.ofDays(180)).toString())
                .put("userStatus", "Active").put("userId", user.id()).put("name", user.name()).put("hasLive", false);
    }

    /** A penalty ticket when one is due, or null when the request may proceed. */
    private Answer penalty(String path, ObjectNode body) {
        Instant now = now();
        if (body.has("p-ticket")) {
            Ticket t = tickets.remove(body.get("p-ticket").asText());
            ObjectNode original = body.deepCopy();
            original.remove("p-ticket");
            if (t != null && t.path().equals(path) && !now.isBefore(t.notBefore()) && t.body().equals(original)) {
                return null; // waited out, identical request: carried out now
            }
            return ticket(path, original, Math.max(1, penaltySeconds), false);
        }
        if (penalties > 0) {
            penalties--;
            return ticket(path, body, penaltySeconds, penaltyCaptcha);
        }
        if (path.equals("/v1/auth/accesstokenrequest")) {
            synchronized (logins) {
                while (!logins.isEmpty() && logins.peekFirst().isBefore(now.minus(AUTH_WINDOW))) {
                    logins.pollFirst();
                }
                if (logins.size() >= AUTH_PER_MINUTE) {
                    long wait = Duration.between(now, logins.peekFirst().plus(AUTH_WINDOW)).toSeconds() + 1;
                    return ticket(path, body, (int) wait, false);
                }
                logins.addLast(now);
            }
        }
        return null;
    }

    private Answer ticket(String path, JsonNode body, int seconds, boolean captcha) {
        String id = UUID.randomUUID().toString();
        tickets.put(id, new Ticket(path, body.deepCopy(), now().plusSeconds(seconds)));
        return json(TradovateBook.JSON.createObjectNode().put("p-ticket", id).put("p-time", seconds)
                .put("p-captcha", captcha));
    }

    private Answer control(String path, String text) {
        JsonNode body;
        try {
            body = TradovateBook.JSON.readTree(text.isBlank() ? "{}" : text);
        } catch (Exception e) {
            return new Answer(400, "{\"error\":\"body is not JSON\"}");
        }
        switch (path) {
            case "/sandbox/price" -> setPrice(body.path("symbol").asText(), body.path("price").decimalValue());
            case "/sandbox/user" -> {
                long user = addUser(body.path("name").asText(), body.path("password").asText(),
                        body.path("cid").asText(null), body.path("sec").asText(null));
                long account = addAccount(user, body.path("account").asText());
                return json(TradovateBook.JSON.createObjectNode().put("userId", user).put("accountId", account));
            }
            case "/sandbox/master/order" -> {
                long id = humanPlaceOrder(body.path("account").asText(), body.path("action").asText(),
                        body.path("symbol").asText(), body.path("orderQty").asInt(), body.path("orderType").asText(),
                        body.hasNonNull("price") ? body.get("price").decimalValue() : null,
                        body.hasNonNull("stopPrice") ? body.get("stopPrice").decimalValue() : null);
                return json(TradovateBook.JSON.createObjectNode().put("orderId", id));
            }
            case "/sandbox/master/cancel" -> humanCancelOrder(body.path("orderId").asLong());
            case "/sandbox/expire-tokens" -> expireTokens();
            case "/sandbox/drop-sockets" -> dropSockets();
            default -> {
                return new Answer(404, "{\"error\":\"no sandbox control " + path + "\"}");
            }
        }
        return new Answer(200, "{}");
    }

    private long userOf(String token, Instant now) {
        Token t = tokens.get(token);
        return t == null || !now.isBefore(t.expiresAt()) ? -1 : t.userId();
    }

    private long userOfOrder(long orderId) {
        return book.ownerOf(orderId);
    }

    private static Long idParam(HttpServerRequest req, String name) {
        String v = req.getParam(name);
        return v != null && v.matches("\\d{1,18}") ? Long.parseLong(v) : null;
    }

    private static Answer badQuery() {
        return new Answer(400, "Invalid or missed parameters");
    }

    private static Answer orNotFound(JsonNode node) {
        return node == null ? new Answer(404, "Not Found") : json(node);
    }

    private static Answer json(JsonNode node) {
        return new Answer(200, TradovateBook.write(node));
    }

    private static JsonNode requireOk(ObjectNode result) {
        if (result.has("errorText") || result.has("failureReason")) {
            throw new IllegalArgumentException("the sandbox refused the action: " + result);
        }
        return result;
    }
}
