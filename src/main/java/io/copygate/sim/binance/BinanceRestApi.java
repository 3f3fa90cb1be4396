package io.copygate.sim.binance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.signal.Side;
import io.copygate.sim.spot.SpotExchange;
import io.copygate.sim.spot.SpotOrder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The Binance sandbox's REST endpoints ({@code /api/v3/*}). */
final class BinanceRestApi {
    private static final Pattern CLIENT_ID = Pattern.compile("^[a-zA-Z0-9-_]{1,36}$");
    private static final Pattern DECIMAL = Pattern.compile("^([0-9]{1,20})(\\.[0-9]{1,20})?$");
    private static final Set<String> SIGNING = Set.of("recvWindow", "timestamp", "signature");
    private static final Set<String> NEW_ORDER = Set.of("symbol", "side", "type", "timeInForce", "quantity",
            "quoteOrderQty", "price", "newClientOrderId", "strategyId", "strategyType", "stopPrice", "trailingDelta",
            "icebergQty", "newOrderRespType", "selfTradePreventionMode");

    /** One endpoint: weight, whether SIGNED, the parameters it reads. */
    private record Endpoint(int weight, boolean signed, Set<String> params) {
    }

    private static final Map<String, Endpoint> ENDPOINTS = Map.ofEntries(
            Map.entry("GET /api/v3/ping", new Endpoint(1, false, Set.of())),
            Map.entry("GET /api/v3/time", new Endpoint(1, false, Set.of())),
            Map.entry("GET /api/v3/exchangeInfo", new Endpoint(20, false, Set.of("symbol", "symbols"))),
            Map.entry("POST /api/v3/order", new Endpoint(1, true, NEW_ORDER)),
            Map.entry("GET /api/v3/order", new Endpoint(4, true, Set.of("symbol", "orderId", "origClientOrderId"))),
            Map.entry("DELETE /api/v3/order", new Endpoint(1, true,
                    Set.of("symbol", "orderId", "origClientOrderId", "newClientOrderId", "cancelRestrictions"))),
            Map.entry("POST /api/v3/order/cancelReplace", new Endpoint(1, true, union(NEW_ORDER,
                    Set.of("cancelReplaceMode", "cancelNewClientOrderId", "cancelOrigClientOrderId", "cancelOrderId",
                            "cancelRestrictions")))),
            Map.entry("GET /api/v3/openOrders", new Endpoint(6, true, Set.of("symbol"))),
            Map.entry("GET /api/v3/allOrders", new Endpoint(20, true,
                    Set.of("symbol", "orderId", "startTime", "endTime", "limit"))),
            Map.entry("GET /api/v3/myTrades", new Endpoint(20, true,
                    Set.of("symbol", "orderId", "startTime", "endTime", "fromId", "limit"))),
            Map.entry("GET /api/v3/account", new Endpoint(20, true, Set.of("omitZeroBalances"))));

    private final BinanceSandbox sandbox;
    private final SpotExchange exchange;
    private final BinanceAuth auth;

    BinanceRestApi(BinanceSandbox sandbox) {
        this.sandbox = sandbox;
        this.exchange = sandbox.exchange;
        this.auth = new BinanceAuth(sandbox.accounts, sandbox.clock);
    }

    void handle(HttpServerRequest req) {
        req.body().onSuccess(buffer -> {
            String body = buffer == null ? "" : buffer.toString(StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            req.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
            sandbox.recorded.add(new BinanceSandbox.Recorded(req.method().name(), req.uri(), Map.copyOf(headers),
                    body.isEmpty() ? null : body));
            String key = req.method().name() + " " + req.path();
            Endpoint endpoint = ENDPOINTS.get(key);
            if (endpoint == null) {
                req.response().setStatusCode(404).end();
                return;
            }
            BinanceFault fault = takeFault(key);
            try {
                BinanceLimits.Refusal refusal = sandbox.limits.admit(endpoint.weight());
                if (refusal != null) {
                    throw new BinanceError(refusal.status(), refusal.code(), refusal.msg(), refusal.retryAfterSeconds());
                }
                faultBefore(fault);
                String rawQuery = req.query() == null ? "" : req.query();
                String form = body.isEmpty() ? "" : body;
                Map<String, String> params = params(rawQuery, form);
                BinanceSandbox.Account account = null;
                if (endpoint.signed()) {
                    account = auth.account(headers.get("X-MBX-APIKEY"));
                    auth.checkTime(params.get("timestamp"), params.get("recvWindow"));
                    auth.checkSignature(account, payload(rawQuery, form), params.get("signature"));
                }
                checkAllRead(params, endpoint);
                Object answer = route(key, params, account);
                respond(req, fault, 200, answer.toString(), -1);
            } catch (BinanceError e) {
                ObjectNode err = BinanceWire.JSON.createObjectNode();
                err.put("code", e.code);
                err.put("msg", e.getMessage());
                if (e instanceof ReplaceError r) {
                    err.set("data", r.data);
                }
                respond(req, null, e.status, err.toString(), e.retryAfterSeconds);
            }
        });
    }

    private Object route(String key, Map<String, String> p, BinanceSandbox.Account a) {
        return switch (key) {
            case "GET /api/v3/ping" -> BinanceWire.JSON.createObjectNode();
            case "GET /api/v3/time" -> BinanceWire.JSON.createObjectNode().put("serverTime", sandbox.clock.millis());
            case "GET /api/v3/exchangeInfo" -> exchangeInfo(p);
            case "POST /api/v3/order" -> newOrder(p, a);
            case "GET /api/v3/order" -> BinanceWire.order(symbol(p), find(p, a, "origClientOrderId", "orderId",
                    new BinanceError(400, -2013, "Order does not exist."), false));
            case "DELETE /api/v3/order" -> cancel(p, a);
            case "POST /api/v3/order/cancelReplace" -> cancelReplace(p, a);
            case "GET /api/v3/openOrders" -> openOrders(p, a);
            case "GET /api/v3/allOrders" -> allOrders(p, a);
            case "GET /api/v3/myTrades" -> myTrades(p, a);
            case "GET /api/v3/account" -> account(a);
            default -> throw new IllegalStateException(key);
        };
    }

    // ---- endpoints ----

    private ObjectNode exchangeInfo(Map<String, String> p) {
        ObjectNode n = BinanceWire.JSON.createObjectNode();
        n.put("timezone", "UTC");
        n.put("serverTime", sandbox.clock.millis());
        ArrayNode limits = n.putArray("rateLimits");
        limits.addObject().put("rateLimitType", "REQUEST_WEIGHT").put("interval", "MINUTE").put("intervalNum", 1)
                .put("limit", 6000);
        limits.addObject().put("rateLimitType", "ORDERS").put("interval", "SECOND").put("intervalNum", 10)
                .put("limit", 100);
        n.putArray("exchangeFilters");
        ArrayNode list = n.putArray("symbols");
        if (p.containsKey("symbol")) {
            list.add(BinanceWire.symbolInfo(symbol(p)));
        } else {
            sandbox.symbols.values().stream().sorted(Comparator.comparing(BinanceSymbol::symbol))
                    .forEach(s -> list.add(BinanceWire.symbolInfo(s)));
        }
        return n;
    }

    private ObjectNode newOrder(Map<String, String> p, BinanceSandbox.Account a) {
        BinanceSymbol s = symbol(p);
        Order o = validateOrder(p, s);
        BinanceLimits.Refusal refusal = sandbox.limits.admitOrder(a.apiKey());
        if (refusal != null) {
            throw new BinanceError(refusal.status(), refusal.code(), refusal.msg(), refusal.retryAfterSeconds());
        }
        synchronized (exchange) {
            SpotOrder placed = place(a, s, o);
            return BinanceWire.newOrder(s, placed, respType(p, o.type));
        }
    }

    private ObjectNode cancel(Map<String, String> p, BinanceSandbox.Account a) {
        BinanceSymbol s = symbol(p);
        String cancelId = p.getOrDefault("newClientOrderId", "cancel_" + Long.toHexString(System.nanoTime()));
        synchronized (exchange) {
            SpotOrder o = find(p, a, "origClientOrderId", "orderId", new BinanceError(400, -2011, "Unknown order sent."),
                    true);
            sandbox.streamCancelId(cancelId);
            exchange.cancel(o, "user");
            return BinanceWire.canceled(s, o, cancelId, sandbox.clock.instant());
        }
    }

    /** STOP_ON_FAILURE / ALLOW_FAILURE, checked before the cancel as Binance does (filters, order count). */
    private ObjectNode cancelReplace(Map<String, String> p, BinanceSandbox.Account a) {
        BinanceSymbol s = symbol(p);
        String mode = p.get("cancelReplaceMode");
        if (mode == null) {
            throw BinanceError.mandatory("cancelReplaceMode");
        }
        if (!mode.equals("STOP_ON_FAILURE") && !mode.equals("ALLOW_FAILURE")) {
            throw new BinanceError(400, -1145, "Invalid cancelReplaceMode value.");
        }
        Order o = validateOrder(p, s);
        BinanceLimits.Refusal refusal = sandbox.limits.admitOrder(a.apiKey());
        if (refusal != null) {
            throw new BinanceError(refusal.status(), refusal.code(), refusal.msg(), refusal.retryAfterSeconds());
        }
        String cancelId = p.getOrDefault("cancelNewClientOrderId", "cancel_" + Long.toHexString(System.nanoTime()));
        synchronized (exchange) {
            ObjectNode result = BinanceWire.JSON.createObjectNode();
            SpotOrder old;
            try {
                old = find(p, a, "cancelOrigClientOrderId", "cancelOrderId",
                        new BinanceError(400, -2011, "Unknown order sent."), true);
            } catch (BinanceError e) {
                ObjectNode data = BinanceWire.JSON.createObjectNode();
                data.put("cancelResult", "FAILURE");
                data.put("newOrderResult", "NOT_ATTEMPTED");
                data.putObject("cancelResponse").put("code", e.code).put("msg", e.getMessage());
                data.putNull("newOrderResponse");
                throw new ReplaceError(400, -2022, "Order cancel-replace failed.", data);
            }
            sandbox.streamCancelId(cancelId);
            exchange.cancel(old, "replaced");
            ObjectNode cancelResponse = BinanceWire.canceled(s, old, cancelId, sandbox.clock.instant());
            try {
                SpotOrder placed = place(a, s, o);
                result.put("cancelResult", "SUCCESS");
                result.put("newOrderResult", "SUCCESS");
                result.set("cancelResponse", cancelResponse);
                result.set("newOrderResponse", BinanceWire.newOrder(s, placed, respType(p, o.type)));
                return result;
            } catch (BinanceError e) {
                ObjectNode data = BinanceWire.JSON.createObjectNode();
                data.put("cancelResult", "SUCCESS");
                data.put("newOrderResult", "FAILURE");
                data.set("cancelResponse", cancelResponse);
                data.putObject("newOrderResponse").put("code", e.code).put("msg", e.getMessage());
                throw new ReplaceError(409, -2021, "Order cancel-replace partially failed.", data);
            }
        }
    }

    private ArrayNode openOrders(Map<String, String> p, BinanceSandbox.Account a) {
        ArrayNode list = BinanceWire.JSON.createArrayNode();
        for (SpotOrder o : exchange.orders(a.apiKey())) {
            BinanceSymbol s = sandbox.symbolOfMarket(o.market().key());
            if (o.isOpen() && (!p.containsKey("symbol") || s.symbol().equals(p.get("symbol")))) {
                list.add(BinanceWire.order(s, o));
            }
        }
        return list;
    }

    private ArrayNode allOrders(Map<String, String> p, BinanceSandbox.Account a) {
        BinanceSymbol s = symbol(p);
        long fromId = longParam(p, "orderId", Long.MIN_VALUE);
        long start = longParam(p, "startTime", Long.MIN_VALUE);
        long end = longParam(p, "endTime", Long.MAX_VALUE);
        int limit = (int) Math.min(1000, longParam(p, "limit", 500));
        ArrayNode list = BinanceWire.JSON.createArrayNode();
        exchange.orders(a.apiKey()).stream()
                .filter(o -> o.market().key().equals(s.marketKey()))
                .filter(o -> Long.parseLong(o.orderId()) >= fromId)
                .filter(o -> o.created().toEpochMilli() >= start && o.created().toEpochMilli() <= end)
                .sorted(Comparator.comparingLong(o -> Long.parseLong(o.orderId())))
                .limit(limit)
                .forEach(o -> list.add(BinanceWire.order(s, o)));
        return list;
    }

    private ArrayNode myTrades(Map<String, String> p, BinanceSandbox.Account a) {
        BinanceSymbol s = symbol(p);
        long fromId = longParam(p, "fromId", Long.MIN_VALUE);
        long start = longParam(p, "startTime", Long.MIN_VALUE);
        long end = longParam(p, "endTime", Long.MAX_VALUE);
        String orderId = p.get("orderId");
        int limit = (int) Math.min(1000, longParam(p, "limit", 500));
        List<ObjectNode> trades = new ArrayList<>();
        for (SpotOrder o : exchange.orders(a.apiKey())) {
            if (!o.market().key().equals(s.marketKey()) || (orderId != null && !orderId.equals(o.orderId()))) {
                continue;
            }
            o.trades().stream()
                    .filter(t -> t.tradeId() >= fromId)
                    .filter(t -> t.time().toEpochMilli() >= start && t.time().toEpochMilli() <= end)
                    .forEach(t -> trades.add(BinanceWire.trade(s, o, t)));
        }
        ArrayNode list = BinanceWire.JSON.createArrayNode();
        trades.stream().sorted(Comparator.comparingLong(t -> t.get("id").asLong())).limit(limit).forEach(list::add);
        return list;
    }

    private ObjectNode account(BinanceSandbox.Account a) {
        ObjectNode n = BinanceWire.JSON.createObjectNode();
        n.put("canTrade", true);
        n.put("accountType", "SPOT");
        ArrayNode balances = n.putArray("balances");
        exchange.balances(a.apiKey()).forEach((asset, v) -> balances.addObject().put("asset", asset)
                .put("free", BinanceWire.d(v[0])).put("locked", BinanceWire.d(v[1])));
        n.put("updateTime", sandbox.clock.millis());
        return n;
    }

    // ---- order checks ----

    private record Order(Side side, SpotOrder.Type type, SpotOrder.TimeInForce tif, BigDecimal qty, BigDecimal price,
                         BigDecimal stop, String clientId) {
    }

    private Order validateOrder(Map<String, String> p, BinanceSymbol s) {
        String sideText = require(p, "side");
        Side side = switch (sideText) {
            case "BUY" -> Side.BUY;
            case "SELL" -> Side.SELL;
            default -> throw new BinanceError(400, -1117, "Invalid side.");
        };
        SpotOrder.Type type = switch (require(p, "type")) {
            case "MARKET" -> SpotOrder.Type.MARKET;
            case "LIMIT" -> SpotOrder.Type.LIMIT;
            case "STOP_LOSS" -> SpotOrder.Type.STOP_MARKET;
            case "STOP_LOSS_LIMIT" -> SpotOrder.Type.STOP_LIMIT;
            case "LIMIT_MAKER", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT" -> throw new BinanceError(400, -1014,
                    "Unsupported order combination.");
            default -> throw new BinanceError(400, -1116, "Invalid orderType.");
        };
        boolean limitPriced = type == SpotOrder.Type.LIMIT || type == SpotOrder.Type.STOP_LIMIT;
        boolean stopped = type == SpotOrder.Type.STOP_MARKET || type == SpotOrder.Type.STOP_LIMIT;
        SpotOrder.TimeInForce tif = null;
        if (limitPriced) {
            tif = switch (require(p, "timeInForce")) {
                case "GTC" -> SpotOrder.TimeInForce.GTC;
                case "IOC" -> SpotOrder.TimeInForce.IOC;
                case "FOK" -> SpotOrder.TimeInForce.FOK;
                default -> throw new BinanceError(400, -1115, "Invalid timeInForce.");
            };
        } else if (p.containsKey("timeInForce")) {
            throw BinanceError.notRequired("timeInForce");
        }
        if (p.containsKey("quoteOrderQty")) {
            throw new BinanceError(400, -1014, "Unsupported order combination.");
        }
        BigDecimal qty = decimal(p, "quantity", true);
        BigDecimal price = limitPriced ? decimal(p, "price", true) : null;
        if (!limitPriced && p.containsKey("price")) {
            throw BinanceError.notRequired("price");
        }
        BigDecimal stop = stopped ? decimal(p, "stopPrice", true) : null;
        if (!stopped && p.containsKey("stopPrice")) {
            throw BinanceError.notRequired("stopPrice");
        }
        String clientId = p.get("newClientOrderId");
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
            throw new BinanceError(400, -1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.");
        }
        if (p.containsKey("newOrderRespType") && !Set.of("ACK", "RESULT", "FULL").contains(p.get("newOrderRespType"))) {
            throw new BinanceError(400, -1177, "Invalid newOrderRespType.");
        }
        // filters, in Binance's order: PRICE_FILTER, LOT_SIZE, NOTIONAL
        if ((price != null && !s.priceFilterAllows(price)) || (stop != null && !s.priceFilterAllows(stop))) {
            throw BinanceError.filter("PRICE_FILTER");
        }
        if (!s.lotSizeAllows(qty)) {
            throw BinanceError.filter("LOT_SIZE");
        }
        BigDecimal last = exchange.market(s.marketKey()).orElseThrow().lastPrice();
        BigDecimal notionalPrice = price != null ? price : stop != null ? stop : last;
        if (notionalPrice != null && qty.multiply(notionalPrice).compareTo(s.minNotional()) < 0) {
            throw BinanceError.filter("NOTIONAL");
        }
        if (stopped && last != null) {
            boolean immediate = side == Side.BUY ? stop.compareTo(last) <= 0 : stop.compareTo(last) >= 0;
            if (immediate) {
                throw BinanceError.rejected("Order would trigger immediately.");
            }
        }
        return new Order(side, type, tif, qty, price, stop, clientId);
    }

    /** Places under the exchange lock: the duplicate check and the placement are one step. */
    private SpotOrder place(BinanceSandbox.Account a, BinanceSymbol s, Order o) {
        String clientId = o.clientId() != null ? o.clientId() : "x-" + Long.toHexString(System.nanoTime());
        if (exchange.openByClientId(a.apiKey(), clientId).isPresent()) {
            throw BinanceError.rejected("Duplicate order sent.");
        }
        if (o.type() == SpotOrder.Type.MARKET && exchange.market(s.marketKey()).orElseThrow().lastPrice() == null) {
            throw BinanceError.rejected("Market is closed.");
        }
        try {
            return exchange.place(Long.toString(sandbox.orderIds.incrementAndGet()), a.apiKey(), s.marketKey(),
                    o.side(), clientId, o.type(), o.tif(), o.qty(), o.price(), o.stop(), null);
        } catch (SpotExchange.InsufficientFundsException e) {
            throw BinanceError.rejected("Account has insufficient balance for requested action.");
        }
    }

    private SpotOrder find(Map<String, String> p, BinanceSandbox.Account a, String clientParam, String idParam,
                           BinanceError notFound, boolean openOnly) {
        BinanceSymbol s = symbol(p);
        String clientId = p.get(clientParam);
        String orderId = p.get(idParam);
        if (clientId == null && orderId == null) {
            throw new BinanceError(400, -1102, "Param '" + clientParam + "' or '" + idParam
                    + "' must be sent, but both were empty/null!");
        }
        SpotOrder o = (orderId != null ? exchange.order(orderId).filter(x -> x.account().equals(a.apiKey()))
                : exchange.latestByClientId(a.apiKey(), clientId))
                .filter(x -> x.market().key().equals(s.marketKey()))
                .orElseThrow(() -> notFound);
        if (openOnly && !o.isOpen()) {
            throw notFound;
        }
        return o;
    }

    private static String respType(Map<String, String> p, SpotOrder.Type type) {
        String def = type == SpotOrder.Type.MARKET || type == SpotOrder.Type.LIMIT ? "FULL" : "ACK";
        return p.getOrDefault("newOrderRespType", def);
    }

    // ---- plumbing ----

    private BinanceSymbol symbol(Map<String, String> p) {
        String name = require(p, "symbol");
        BinanceSymbol s = sandbox.symbols.get(name);
        if (s == null) {
            throw new BinanceError(400, -1121, "Invalid symbol.");
        }
        return s;
    }

    private static String require(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            throw BinanceError.mandatory(name);
        }
        return v;
    }

    private static BigDecimal decimal(Map<String, String> p, String name, boolean required) {
        String v = required ? require(p, name) : p.get(name);
        if (v == null) {
            return null;
        }
        if (!DECIMAL.matcher(v).matches()) {
            throw new BinanceError(400, -1100, "Illegal characters found in parameter '" + name
                    + "'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.");
        }
        return new BigDecimal(v);
    }

    private static long longParam(Map<String, String> p, String name, long fallback) {
        String v = p.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BinanceError(400, -1100, "Illegal characters found in parameter '" + name + "'; legal range is '^[0-9]{1,20}$'.");
        }
    }

    /** Query and form parameters, decoded; a parameter sent twice is Binance's -1101. */
    private static Map<String, String> params(String query, String form) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : (query + (form.isEmpty() ? "" : "&" + form)).split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(k, v) != null) {
                throw new BinanceError(400, -1101, "Duplicate values for a parameter detected.");
            }
        }
        return out;
    }

    /** The signed payload: the query string and the body, as sent, without the signature parameter. */
    private static String payload(String query, String form) {
        String all = query + form;
        return all.replaceAll("&?signature=[^&]*", "").replaceFirst("^&", "");
    }

    private static void checkAllRead(Map<String, String> p, Endpoint e) {
        long unread = p.keySet().stream().filter(k -> !e.params().contains(k) && !SIGNING.contains(k)).count();
        if (unread > 0) {
            throw new BinanceError(400, -1104, "Not all sent parameters were read; read '" + (p.size() - unread)
                    + "' parameter(s) but was sent '" + p.size() + "'.");
        }
    }

    private BinanceFault takeFault(String key) {
        for (Object[] f : sandbox.faults) {
            if (f[1] == null || f[1].equals(key)) {
                sandbox.faults.remove(f);
                return (BinanceFault) f[0];
            }
        }
        return null;
    }

    private void faultBefore(BinanceFault fault) {
        if (fault == null) {
            return;
        }
        switch (fault) {
            case UNAVAILABLE_BEFORE -> throw new BinanceError(503, -1001,
                    "Internal error; unable to process your request. Please try again.");
            case RATE_LIMITED -> {
                sandbox.limits.startWait(3);
                throw new BinanceError(429, -1003, "Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.", 3);
            }
            case IP_BANNED -> {
                sandbox.limits.startBan(120);
                long until = sandbox.clock.millis() + 120_000;
                throw new BinanceError(418, -1003, "Way too much request weight used; IP banned until " + until
                        + ". Please use WebSocket Streams for live updates to avoid bans.", 120);
            }
            default -> { }
        }
    }

    private void respond(HttpServerRequest req, BinanceFault fault, int status, String json, long retryAfter) {
        var response = req.response();
        response.putHeader("Content-Type", "application/json;charset=UTF-8");
        response.putHeader("X-MBX-USED-WEIGHT-1M", Integer.toString(sandbox.limits.weightUsed()));
        if (retryAfter >= 0) {
            response.putHeader("Retry-After", Long.toString(retryAfter));
        }
        if (fault == BinanceFault.SERVER_ERROR_AFTER) {
            response.setStatusCode(500).end("{\"code\":-1000,\"msg\":\"An unknown error occurred while processing the request.\"}");
        } else if (fault == BinanceFault.TIMEOUT_1007_AFTER) {
            // Binance does not document the HTTP status of -1007; the code is what clients act on
            response.setStatusCode(408).end("{\"code\":-1007,\"msg\":\"Timeout waiting for response from backend server. Send status unknown; execution status unknown.\"}");
        } else if (fault == BinanceFault.NO_ANSWER_AFTER) {
            sandbox.vertx().setTimer(sandbox.noAnswerFor.toMillis(), t -> {
                if (!response.closed()) {
                    response.setStatusCode(status).end(Buffer.buffer(json));
                }
            });
        } else {
            response.setStatusCode(status).end(json);
        }
    }

    /** A cancelReplace failure carries Binance's {@code data} with both halves' results. */
    static final class ReplaceError extends BinanceError {
        final ObjectNode data;

        ReplaceError(int status, int code, String msg, ObjectNode data) {
            super(status, code, msg);
            this.data = data;
        }
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        java.util.HashSet<T> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }
}
