package io.copygate.sim.tradestation;

/*
 * A TradeStation v3 sandbox written from TradeStation's public documentation:
 *   https://api.tradestation.com/docs/specification/   (the v3 OpenAPI document: paths, OrderRequest,
 *       OrderReplaceRequest, OrderResponses with Errors[] inside HTTP 200, ErrorResponse, Order, StreamStatus)
 *   https://api.tradestation.com/docs/fundamentals/authentication/refresh-tokens  (refresh grant, 20-minute
 *       access tokens, rotating refresh tokens)
 *   https://api.tradestation.com/docs/fundamentals/http-streaming  (chunked JSON, EndSnapshot, GoAway)
 *   https://api.tradestation.com/docs/fundamentals/rate-limiting   (per-user 5-minute quotas, HTTP 429)
 * Not documented, and therefore the sandbox's own choice: TradeStation says OrderConfirmID prevents
 * duplicates but not how the refusal reads; here it is a per-order error inside HTTP 200
 * ("Order failed. Reason: Duplicate OrderConfirmID ..."), like the other per-order failures the
 * document shows. A replace keeps the OrderID (status RSN, then ACK with the new terms).
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.sim.Sandbox;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local TradeStation (OAuth token endpoint + v3 order execution + brokerage orders + order stream)
 * for tests, demos and paper mode. Sandbox-only controls are the public methods below and, for a
 * standalone sandbox, {@code POST /sandbox/...}; everything else is the documented API.
 */
public final class TradeStationSandbox implements Sandbox {
    private static final Pattern ORDER = Pattern.compile("^/v3/orderexecution/orders/([^/]+)$");
    private static final Pattern ACCOUNT_ORDERS = Pattern.compile("^/v3/brokerage/accounts/([^/]+)/orders(?:/([^/]+))?$");
    private static final Pattern STREAM = Pattern.compile("^/v3/brokerage/stream/accounts/([^/]+)/orders$");
    private static final int BROKERAGE_QUOTA = 250; // per user and 5 minutes, for account/order reads
    private static final int STREAMS_PER_USER = 40;

    /** The login a standalone sandbox starts with. */
    public static final String DEMO_CLIENT_ID = "sandbox-client";
    public static final String DEMO_CLIENT_SECRET = "sandbox-secret";
    public static final String DEMO_ACCOUNT = "SIM1000001";

    private record Answer(int status, String body) {
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    private final TradeStationStreams streams;
    private final TradeStationBook book;
    private final TradeStationTokens tokens = new TradeStationTokens();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Instant>> quotas = new ConcurrentHashMap<>();
    private final String demoRefreshToken;
    private volatile Duration offset = Duration.ZERO;
    private volatile int limited;
    private volatile int failures;
    private volatile int failureStatus;
    private volatile int delays;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean refuseStreams;
    private HttpServer server;
    private int port;

    public TradeStationSandbox() {
        this.streams = new TradeStationStreams(vertx, this::now);
        this.book = new TradeStationBook(streams::publish, this::now);
        registerApp(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
        demoRefreshToken = issueRefreshToken(DEMO_CLIENT_ID, DEMO_ACCOUNT);
    }

    @Override
    public String name() {
        return "tradestation";
    }

    @Override
    public synchronized int start(int requestedPort) {
        server = vertx.createHttpServer().requestHandler(this::handle)
                .listen(requestedPort, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        port = server.actualPort();
        return port;
    }

    /** The API host as an account's {@code baseUrl} setting; paths start with {@code /v3}. */
    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The token endpoint as an account's {@code tokenUrl} setting. */
    public String tokenUrl() {
        return baseUrl() + "/oauth/token";
    }

    @Override
    public void close() {
        streams.closeAll();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    // ---- sandbox controls --------------------------------------------------------------------

    public void registerApp(String clientId, String clientSecret) {
        tokens.registerApp(clientId, clientSecret);
    }

    /** A refresh token of a user who owns these accounts, as the sign-in flow would have handed it out. */
    public String issueRefreshToken(String clientId, String... accounts) {
        return tokens.issueRefreshToken(clientId, Set.of(accounts));
    }

    /**
     * Makes {@code refreshToken} a valid refresh token of a user who owns these accounts: for a gateway
     * whose configuration already names its token (an {@code ${env:...}} credential).
     */
    public void grantRefreshToken(String refreshToken, String clientId, String... accounts) {
        tokens.grantRefreshToken(refreshToken, clientId, Set.of(accounts));
    }

    public String demoRefreshToken() {
        return demoRefreshToken;
    }

    /** From now on every refresh returns a new refresh token and the one used stops working. */
    public void rotateRefreshTokens(boolean on) {
        tokens.rotate(on);
    }

    public void revokeRefreshToken(String refreshToken) {
        tokens.revoke(refreshToken);
    }

    /** Every access token issued so far stops working now. */
    public void expireAccessTokens() {
        tokens.expireAccessTokens(now());
    }

    public void accessTokenLifetime(Duration lifetime) {
        tokens.lifetime(lifetime);
    }

    public void advanceTime(Duration by) {
        offset = offset.plus(by);
    }

    public Instant now() {
        return Instant.now().plus(offset);
    }

    /** The market for {@code symbol} ({@code ESZ25}) trades at {@code price}: fills what it crosses. */
    public void setPrice(String symbol, BigDecimal price) {
        book.setPrice(symbol, price);
    }

    /** A human places an order on the account in TradeStation's platform; returns its OrderID. */
    public String humanPlaceOrder(String accountId, String tradeAction, String symbol, int quantity, String orderType,
            BigDecimal limitPrice, BigDecimal stopPrice) {
        return book.humanPlace(accountId, tradeAction, symbol, Integer.toString(quantity), orderType, limitPrice,
                stopPrice);
    }

    /** A human changes a working order in the platform (null leaves a term as it is). */
    public void humanReplaceOrder(String orderId, Integer quantity, BigDecimal limitPrice, BigDecimal stopPrice) {
        ObjectNode body = TradeStationBook.JSON.createObjectNode();
        if (quantity != null) {
            body.put("Quantity", quantity.toString());
        }
        if (limitPrice != null) {
            body.put("LimitPrice", limitPrice.toPlainString());
        }
        if (stopPrice != null) {
            body.put("StopPrice", stopPrice.toPlainString());
        }
        book.replace(Set.of(book.accountOf(orderId)), orderId, body);
    }

    public void humanCancelOrder(String orderId) {
        book.cancel(Set.of(book.accountOf(orderId)), orderId);
    }

    /** The account's orders as {@code GET /v3/brokerage/accounts/{id}/orders} lists them (newest first). */
    public List<JsonNode> orders(String accountId) {
        List<JsonNode> list = new java.util.ArrayList<>();
        book.orders(Set.of(accountId), null).forEach(list::add);
        return list;
    }

    /** Every open order stream says GoAway and ends. */
    public void goAwayStreams() {
        streams.goAway();
    }

    /** Every open order stream is cut without an end. */
    public void cutStreams() {
        streams.cut();
    }

    /** The stream that carries the {@code events}-th next order event says GoAway right after it. */
    public void goAwayAfterEvents(int events) {
        streams.goAwayAfterEvents(events);
    }

    /** The stream that carries the {@code events}-th next order event is cut right after it. */
    public void cutAfterEvents(int events) {
        streams.cutAfterEvents(events);
    }

    /** While true, new order streams are refused with 503, so a dropped client cannot reconnect yet. */
    public void refuseStreams(boolean refuse) {
        refuseStreams = refuse;
    }

    public int openStreams() {
        return streams.open();
    }

    public int heartbeatsSent() {
        return streams.heartbeats();
    }

    /** The next {@code count} API requests are answered 429 TooManyRequests. */
    public void rateLimitNext(int count) {
        limited = count;
    }

    /** The next {@code count} API requests are answered {@code status} without being carried out. */
    public void failNext(int count, int status) {
        failureStatus = status;
        failures = count;
    }

    /** The next {@code count} API requests are carried out, but their answers come {@code by} late. */
    public void delayAnswersNext(int count, Duration by) {
        delay = by;
        delays = count;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    // ---- HTTP --------------------------------------------------------------------------------

    private void handle(HttpServerRequest req) {
        String path = req.path();
        Matcher stream = STREAM.matcher(path);
        if (stream.matches() && req.method().name().equals("GET")) {
            record(req, "");
            openStream(req, stream.group(1));
            return;
        }
        req.body().onSuccess(buffer -> {
            String body = buffer.toString(StandardCharsets.UTF_8);
            record(req, body);
            Answer answer;
            try {
                if (path.startsWith("/sandbox/")) {
                    answer = control(path, body);
                } else if (path.equals("/oauth/token")) {
                    answer = token(req, body);
                } else {
                    answer = api(req, path, body);
                }
            } catch (TradeStationBook.Refused e) {
                answer = error(e.status, e.error, e.getMessage());
            } catch (RuntimeException e) {
                answer = error(500, "InternalServerError", "The sandbox failed: " + e.getMessage());
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

    private void record(HttpServerRequest req, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        requests.add(new RecordedRequest(req.method().name(), req.uri(), headers, body));
    }

    private static void send(HttpServerRequest req, Answer answer) {
        req.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json").end(answer.body());
    }

    private void openStream(HttpServerRequest req, String accountList) {
        TradeStationTokens.Access access = access(req);
        Answer refused = null;
        if (access == null) {
            refused = error(401, "Unauthorized", "The access token is invalid or expired.");
        } else if (refuseStreams) {
            refused = error(503, "ServiceUnavailable", "The stream service is unavailable.");
        } else if (streams.open() >= STREAMS_PER_USER) {
            refused = error(429, "TooManyRequests", "Too many concurrent order streams.");
        }
        Set<String> accounts = new LinkedHashSet<>(Arrays.asList(accountList.split(",")));
        if (refused == null && !access.accounts().containsAll(accounts)) {
            refused = error(403, "Forbidden", "Access to account " + accountList + " is denied.");
        }
        if (refused != null) {
            send(req, refused);
            return;
        }
        streams.open(accounts, req.response(), req.connection(), book);
    }

    private Answer api(HttpServerRequest req, String path, String text) {
        if (failures > 0) {
            failures--;
            return error(failureStatus, failureStatus == 504 ? "GatewayTimeout" : "ServiceUnavailable",
                    "The service is temporarily unavailable.");
        }
        TradeStationTokens.Access access = access(req);
        if (access == null) {
            return error(401, "Unauthorized", "The access token is invalid or expired.");
        }
        if (limited > 0) {
            limited--;
            return error(429, "TooManyRequests", "Rate limit exceeded.");
        }
        String method = req.method().name();
        Matcher order = ORDER.matcher(path);
        Matcher accountOrders = ACCOUNT_ORDERS.matcher(path);
        if (path.equals("/v3/orderexecution/orders") && method.equals("POST")) {
            return ok(book.place(access.clientId(), access.accounts(), json(text)));
        }
        if (order.matches() && method.equals("PUT")) {
            return ok(book.replace(access.accounts(), order.group(1), json(text)));
        }
        if (order.matches() && method.equals("DELETE")) {
            return ok(book.cancel(access.accounts(), order.group(1)));
        }
        if (accountOrders.matches() && method.equals("GET")) {
            if (!withinQuota(access)) {
                return error(429, "TooManyRequests", "Order details quota of " + BROKERAGE_QUOTA
                        + " requests per 5 minutes exceeded.");
            }
            Set<String> accounts = new LinkedHashSet<>(Arrays.asList(accountOrders.group(1).split(",")));
            if (!access.accounts().containsAll(accounts)) {
                return error(403, "Forbidden", "Access to account " + accountOrders.group(1) + " is denied.");
            }
            String pageSize = req.getParam("pageSize");
            if (pageSize != null && (!pageSize.matches("\\d{1,3}") || Integer.parseInt(pageSize) < 1
                    || Integer.parseInt(pageSize) > 600)) {
                return error(400, "BadRequest", "pageSize must be between 1 and 600.");
            }
            Set<String> ids = accountOrders.group(2) == null ? null
                    : new LinkedHashSet<>(Arrays.asList(accountOrders.group(2).split(",")));
            ObjectNode answer = TradeStationBook.JSON.createObjectNode();
            answer.set("Orders", book.orders(accounts, ids));
            answer.putArray("Errors");
            return ok(answer);
        }
        return error(404, "NotFound", "No such resource: " + method + " " + path);
    }

    private Answer token(HttpServerRequest req, String text) {
        String type = req.getHeader("Content-Type");
        if (!req.method().name().equals("POST") || type == null
                || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return new Answer(400, TradeStationBook.write(TradeStationBook.JSON.createObjectNode()
                    .put("error", "invalid_request").put("error_description", "Expected a form-encoded POST.")));
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        TradeStationTokens.Answer answer = tokens.token(form, now());
        return new Answer(answer.status(), TradeStationBook.write(answer.body()));
    }

    private Answer control(String path, String text) {
        JsonNode body = json(text.isBlank() ? "{}" : text);
        switch (path) {
            case "/sandbox/price" -> setPrice(body.path("symbol").asText(), new BigDecimal(body.path("price").asText()));
            case "/sandbox/master/order" -> {
                String id = humanPlaceOrder(body.path("account").asText(), body.path("tradeAction").asText(),
                        body.path("symbol").asText(), body.path("quantity").asInt(), body.path("orderType").asText(),
                        body.hasNonNull("limitPrice") ? new BigDecimal(body.get("limitPrice").asText()) : null,
                        body.hasNonNull("stopPrice") ? new BigDecimal(body.get("stopPrice").asText()) : null);
                return ok(TradeStationBook.JSON.createObjectNode().put("OrderID", id));
            }
            case "/sandbox/master/cancel" -> humanCancelOrder(body.path("orderId").asText());
            case "/sandbox/refresh-token" -> {
                return ok(TradeStationBook.JSON.createObjectNode().put("refresh_token",
                        issueRefreshToken(body.path("clientId").asText(DEMO_CLIENT_ID),
                                body.path("account").asText(DEMO_ACCOUNT))));
            }
            case "/sandbox/expire-tokens" -> expireAccessTokens();
            case "/sandbox/go-away" -> goAwayStreams();
            case "/sandbox/cut-streams" -> cutStreams();
            default -> {
                return error(404, "NotFound", "no sandbox control " + path);
            }
        }
        return ok(TradeStationBook.JSON.createObjectNode());
    }

    private TradeStationTokens.Access access(HttpServerRequest req) {
        String auth = req.getHeader("Authorization");
        return auth == null || !auth.startsWith("Bearer ") ? null : tokens.check(auth.substring(7).trim(), now());
    }

    private boolean withinQuota(TradeStationTokens.Access access) {
        Instant now = now();
        Deque<Instant> window = quotas.computeIfAbsent(access.clientId() + "|" + access.accounts(), k -> new ArrayDeque<>());
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst().isBefore(now.minus(Duration.ofMinutes(5)))) {
                window.pollFirst();
            }
            if (window.size() >= BROKERAGE_QUOTA) {
                return false;
            }
            window.addLast(now);
            return true;
        }
    }

    private static JsonNode json(String text) {
        try {
            JsonNode node = TradeStationBook.JSON.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new TradeStationBook.Refused(400, "BadRequest", "The request body is empty.");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TradeStationBook.Refused(400, "BadRequest", "The request body is not valid JSON.");
        }
    }

    private static Answer ok(JsonNode body) {
        return new Answer(200, TradeStationBook.write(body));
    }

    private static Answer error(int status, String error, String message) {
        return new Answer(status, TradeStationBook.write(TradeStationBook.JSON.createObjectNode().put("Error", error)
                .put("Message", message)));
    }
}
