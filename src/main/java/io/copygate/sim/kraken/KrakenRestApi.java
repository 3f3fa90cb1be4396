package io.copygate.sim.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.signal.Side;
import io.copygate.sim.spot.SpotExchange;
import io.copygate.sim.spot.SpotOrder;
import io.vertx.core.http.HttpServerRequest;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The Kraken sandbox's REST endpoints. Every answer is HTTP 200 {@code {"error":[…],"result":…}} unless a fault says otherwise. */
final class KrakenRestApi {
    private static final Pattern CL_ORD_ID = Pattern.compile("^[\\x21-\\x7e]{1,18}$|^[0-9a-fA-F]{32}$"
            + "|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern DECIMAL = Pattern.compile("^[0-9]+(\\.[0-9]+)?$");
    /** The fields each private method reads (besides nonce); anything else is refused. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "AddOrder", Set.of("pair", "type", "ordertype", "volume", "price", "price2", "cl_ord_id", "userref",
                    "timeinforce", "expiretm", "starttm", "oflags", "validate", "trigger", "reduce_only", "stptype",
                    "deadline", "displayvol"),
            "CancelOrder", Set.of("txid", "cl_ord_id"),
            "AmendOrder", Set.of("txid", "cl_ord_id", "order_qty", "limit_price", "trigger_price", "post_only",
                    "deadline", "display_qty", "pair"),
            "OpenOrders", Set.of("trades", "userref", "cl_ord_id"),
            "ClosedOrders", Set.of("trades", "userref", "cl_ord_id", "start", "end", "ofs", "closetime",
                    "consolidate_taker", "without_count"),
            "QueryOrders", Set.of("trades", "userref", "txid", "consolidate_taker"),
            "TradesHistory", Set.of("type", "trades", "start", "end", "ofs", "consolidate_taker", "ledgers"),
            "Balance", Set.of(),
            "GetWebSocketsToken", Set.of());

    private final KrakenSandbox sandbox;
    private final SpotExchange exchange;
    private final KrakenAuth auth;

    KrakenRestApi(KrakenSandbox sandbox) {
        this.sandbox = sandbox;
        this.exchange = sandbox.exchange;
        this.auth = new KrakenAuth(sandbox.secrets);
    }

    void handle(HttpServerRequest req) {
        req.body().onSuccess(buffer -> {
            String body = buffer == null ? "" : buffer.toString(StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            req.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
            sandbox.recorded.add(new KrakenSandbox.Recorded(req.method().name(), req.uri(), Map.copyOf(headers),
                    body.isEmpty() ? null : body));
            String path = req.path();
            KrakenFault fault = takeFault(path);
            try {
                if (fault == KrakenFault.UNAVAILABLE_BEFORE) {
                    req.response().setStatusCode(503).putHeader("Content-Type", "text/html")
                            .end("<html><body>503 Service Temporarily Unavailable</body></html>");
                    return;
                }
                ObjectNode result;
                if (path.startsWith("/0/public/") && req.method().name().equals("GET")) {
                    result = publicCall(path.substring("/0/public/".length()), req);
                } else if (path.startsWith("/0/private/") && req.method().name().equals("POST")) {
                    result = privateCall(path, path.substring("/0/private/".length()), headers, body, fault);
                } else {
                    req.response().setStatusCode(404).end();
                    return;
                }
                answer(req, fault, result);
            } catch (KrakenError e) {
                ObjectNode err = KrakenWire.JSON.createObjectNode();
                err.putArray("error").add(e.getMessage());
                req.response().putHeader("Content-Type", "application/json").end(err.toString());
            }
        });
    }

    private ObjectNode publicCall(String method, HttpServerRequest req) {
        switch (method) {
            case "Time" -> {
                ObjectNode r = KrakenWire.JSON.createObjectNode();
                r.put("unixtime", sandbox.clock.instant().getEpochSecond());
                r.put("rfc1123", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        sandbox.clock.instant().atZone(java.time.ZoneOffset.UTC)));
                return r;
            }
            case "AssetPairs" -> {
                ObjectNode r = KrakenWire.JSON.createObjectNode();
                String wanted = req.getParam("pair");
                if (wanted == null) {
                    sandbox.pairs.values().forEach(p -> r.set(p.id(), KrakenWire.assetPair(p)));
                    return r;
                }
                for (String name : wanted.split(",")) {
                    KrakenPair p = sandbox.pair(name.trim()).orElseThrow(() -> new KrakenError("EQuery:Unknown asset pair"));
                    r.set(p.id(), KrakenWire.assetPair(p));
                }
                return r;
            }
            default -> throw new KrakenError("EGeneral:Unknown method");
        }
    }

    private ObjectNode privateCall(String path, String method, Map<String, String> headers, String body,
                                   KrakenFault fault) {
        Map<String, JsonNode> fields = fields(headers.get("Content-Type"), body);
        JsonNode nonce = fields.get("nonce");
        String apiKey = auth.check(headers.get("API-Key"), headers.get("API-Sign"), path,
                nonce == null ? null : nonce.asText(), body);
        if (fault == KrakenFault.INVALID_NONCE) {
            throw new KrakenError("EAPI:Invalid nonce");
        }
        if (fault == KrakenFault.RATE_LIMITED) {
            throw new KrakenError("EAPI:Rate limit exceeded");
        }
        if (fault == KrakenFault.SERVICE_UNAVAILABLE) {
            throw new KrakenError("EService:Unavailable");
        }
        Set<String> allowed = FIELDS.get(method);
        if (allowed == null) {
            throw new KrakenError("EGeneral:Unknown method");
        }
        for (String f : fields.keySet()) {
            if (!f.equals("nonce") && !allowed.contains(f)) {
                throw new KrakenError("EGeneral:Invalid arguments");
            }
        }
        boolean trading = Set.of("AddOrder", "CancelOrder", "AmendOrder").contains(method);
        if (!trading) {
            int cost = method.equals("TradesHistory") ? 2 : 1;
            if (!sandbox.limits.admit(apiKey, cost)) {
                throw new KrakenError("EAPI:Rate limit exceeded");
            }
        }
        return switch (method) {
            case "AddOrder" -> addOrder(apiKey, fields);
            case "CancelOrder" -> cancelOrder(apiKey, fields);
            case "AmendOrder" -> amendOrder(apiKey, fields);
            case "OpenOrders" -> listOrders(apiKey, fields, true, "open");
            case "ClosedOrders" -> listOrders(apiKey, fields, false, "closed");
            case "QueryOrders" -> queryOrders(apiKey, fields);
            case "TradesHistory" -> tradesHistory(apiKey, fields);
            case "Balance" -> balance(apiKey);
            case "GetWebSocketsToken" -> {
                ObjectNode r = KrakenWire.JSON.createObjectNode();
                r.put("token", sandbox.streamToken(apiKey));
                r.put("expires", sandbox.tokenLifetime.toSeconds());
                yield r;
            }
            default -> throw new KrakenError("EGeneral:Unknown method");
        };
    }

    // ---- trading ----

    private ObjectNode addOrder(String apiKey, Map<String, JsonNode> f) {
        KrakenPair p = sandbox.pair(text(f, "pair", true)).orElseThrow(() -> new KrakenError("EQuery:Unknown asset pair"));
        Side side = switch (text(f, "type", true)) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw new KrakenError("EGeneral:Invalid arguments:type");
        };
        SpotOrder.Type type = switch (text(f, "ordertype", true)) {
            case "market" -> SpotOrder.Type.MARKET;
            case "limit" -> SpotOrder.Type.LIMIT;
            case "stop-loss" -> SpotOrder.Type.STOP_MARKET;
            case "stop-loss-limit" -> SpotOrder.Type.STOP_LIMIT;
            case "iceberg", "take-profit", "take-profit-limit", "trailing-stop", "trailing-stop-limit",
                 "settle-position" -> throw new KrakenError("EOrder:Order type not supported by the sandbox");
            default -> throw new KrakenError("EGeneral:Invalid arguments:ordertype");
        };
        BigDecimal volume = decimal(f, "volume", true, p.lotDecimals(), p);
        BigDecimal price = null;
        BigDecimal price2 = null;
        if (type != SpotOrder.Type.MARKET) {
            price = price(f, "price", p);
        } else if (f.containsKey("price")) {
            throw new KrakenError("EGeneral:Invalid arguments:price");
        }
        if (type == SpotOrder.Type.STOP_LIMIT) {
            price2 = price(f, "price2", p);
        }
        SpotOrder.TimeInForce tif = switch (f.containsKey("timeinforce") ? text(f, "timeinforce", true) : "GTC") {
            case "GTC" -> SpotOrder.TimeInForce.GTC;
            case "IOC" -> SpotOrder.TimeInForce.IOC;
            case "GTD" -> SpotOrder.TimeInForce.GTD;
            default -> throw new KrakenError("EGeneral:Invalid arguments:timeinforce");
        };
        java.time.Instant expire = null;
        if (tif == SpotOrder.TimeInForce.GTD) {
            String e = text(f, "expiretm", true);
            expire = e.startsWith("+") ? sandbox.clock.instant().plusSeconds(Long.parseLong(e.substring(1)))
                    : java.time.Instant.ofEpochSecond(Long.parseLong(e));
        }
        String clOrdId = f.containsKey("cl_ord_id") ? text(f, "cl_ord_id", true) : null;
        if (clOrdId != null && !CL_ORD_ID.matcher(clOrdId).matches()) {
            throw new KrakenError("EGeneral:Invalid arguments:cl_ord_id");
        }
        if (clOrdId != null && f.containsKey("userref")) {
            throw new KrakenError("EGeneral:Invalid arguments:cl_ord_id and userref are mutually exclusive");
        }
        if (volume.compareTo(p.orderMin()) < 0) {
            throw new KrakenError("EOrder:Order minimum not met");
        }
        BigDecimal last = exchange.market(p.marketKey()).orElseThrow().lastPrice();
        BigDecimal costPrice = type == SpotOrder.Type.STOP_LIMIT ? price2 : price != null ? price : last;
        if (costPrice != null && volume.multiply(costPrice).compareTo(p.costMin()) < 0) {
            throw new KrakenError("EOrder:Cost minimum not met");
        }
        if (!sandbox.limits.admitTrading(apiKey, p.id())) {
            throw new KrakenError("EOrder:Rate limit exceeded");
        }
        SpotOrder.Type t = type;
        BigDecimal limit = type == SpotOrder.Type.STOP_LIMIT ? price2 : type == SpotOrder.Type.LIMIT ? price : null;
        BigDecimal stop = type == SpotOrder.Type.STOP_MARKET || type == SpotOrder.Type.STOP_LIMIT ? price : null;
        ObjectNode r = KrakenWire.JSON.createObjectNode();
        if (f.containsKey("validate") && f.get("validate").asBoolean()) {
            r.putObject("descr").put("order", side.name().toLowerCase() + " " + volume.toPlainString() + " " + p.altname());
            return r;
        }
        synchronized (exchange) {
            if (clOrdId != null && exchange.openByClientId(apiKey, clOrdId).isPresent()) {
                throw new KrakenError("EOrder:Duplicate order");
            }
            SpotOrder o;
            try {
                o = exchange.place(KrakenWire.txid('O', sandbox.ids.incrementAndGet()), apiKey, p.marketKey(), side,
                        clOrdId, t, t == SpotOrder.Type.MARKET ? null : tif, volume, limit, stop, expire);
            } catch (SpotExchange.InsufficientFundsException e) {
                throw new KrakenError("EOrder:Insufficient funds");
            } catch (IllegalStateException noPrice) {
                throw new KrakenError("EOrder:Market in cancel_only mode");
            }
            r.putObject("descr").put("order", KrakenWire.describe(p, o));
            r.putArray("txid").add(o.orderId());
        }
        return r;
    }

    private ObjectNode cancelOrder(String apiKey, Map<String, JsonNode> f) {
        synchronized (exchange) {
            SpotOrder o = target(apiKey, f);
            exchange.cancel(o, "User requested");
        }
        ObjectNode r = KrakenWire.JSON.createObjectNode();
        r.put("count", 1);
        return r;
    }

    private ObjectNode amendOrder(String apiKey, Map<String, JsonNode> f) {
        synchronized (exchange) {
            SpotOrder o = target(apiKey, f);
            KrakenPair p = sandbox.pairOfMarket(o.market().key());
            BigDecimal qty = f.containsKey("order_qty") ? decimal(f, "order_qty", true, p.lotDecimals(), p) : null;
            BigDecimal limit = f.containsKey("limit_price") ? price(f, "limit_price", p) : null;
            BigDecimal trigger = f.containsKey("trigger_price") ? price(f, "trigger_price", p) : null;
            if (limit != null && o.type() != SpotOrder.Type.LIMIT && o.type() != SpotOrder.Type.STOP_LIMIT) {
                throw new KrakenError("EGeneral:Invalid arguments:limit_price");
            }
            if (trigger != null && !o.isStop()) {
                throw new KrakenError("EGeneral:Invalid arguments:trigger_price");
            }
            if (qty != null && qty.compareTo(p.orderMin()) < 0) {
                throw new KrakenError("EOrder:Order minimum not met");
            }
            if (!sandbox.limits.admitTrading(apiKey, p.id())) {
                throw new KrakenError("EOrder:Rate limit exceeded");
            }
            try {
                exchange.amend(o, qty, limit, trigger);
            } catch (SpotExchange.InsufficientFundsException e) {
                throw new KrakenError("EOrder:Insufficient funds");
            }
        }
        ObjectNode r = KrakenWire.JSON.createObjectNode();
        r.put("amend_id", KrakenWire.txid('T', sandbox.ids.incrementAndGet()));
        return r;
    }

    private SpotOrder target(String apiKey, Map<String, JsonNode> f) {
        SpotOrder o;
        if (f.containsKey("cl_ord_id")) {
            o = exchange.openByClientId(apiKey, text(f, "cl_ord_id", true)).orElse(null);
        } else if (f.containsKey("txid")) {
            o = exchange.order(text(f, "txid", true)).filter(x -> x.account().equals(apiKey)).orElse(null);
        } else {
            throw new KrakenError("EGeneral:Invalid arguments");
        }
        if (o == null || !o.isOpen()) {
            throw new KrakenError("EOrder:Unknown order");
        }
        return o;
    }

    // ---- queries ----

    private ObjectNode listOrders(String apiKey, Map<String, JsonNode> f, boolean open, String key) {
        String clOrdId = f.containsKey("cl_ord_id") ? text(f, "cl_ord_id", true) : null;
        long start = f.containsKey("start") ? f.get("start").asLong() : Long.MIN_VALUE;
        long end = f.containsKey("end") ? f.get("end").asLong() : Long.MAX_VALUE;
        ObjectNode r = KrakenWire.JSON.createObjectNode();
        ObjectNode list = r.putObject(key);
        List<SpotOrder> orders = exchange.orders(apiKey).stream()
                .filter(o -> o.isOpen() == open)
                .filter(o -> clOrdId == null || clOrdId.equals(o.clientOrderId()))
                .filter(o -> open || (o.updated().getEpochSecond() > start || o.created().getEpochSecond() > start))
                .filter(o -> open || o.created().getEpochSecond() <= end)
                .sorted(Comparator.comparing(SpotOrder::created).reversed())
                .limit(open ? Long.MAX_VALUE : 50)
                .toList();
        orders.forEach(o -> list.set(o.orderId(), KrakenWire.order(sandbox.pairOfMarket(o.market().key()), o)));
        if (!open) {
            r.put("count", orders.size());
        }
        return r;
    }

    private ObjectNode queryOrders(String apiKey, Map<String, JsonNode> f) {
        ObjectNode r = KrakenWire.JSON.createObjectNode();
        for (String txid : text(f, "txid", true).split(",")) {
            exchange.order(txid.trim()).filter(o -> o.account().equals(apiKey))
                    .ifPresent(o -> r.set(o.orderId(), KrakenWire.order(sandbox.pairOfMarket(o.market().key()), o)));
        }
        return r;
    }

    private ObjectNode tradesHistory(String apiKey, Map<String, JsonNode> f) {
        long start = f.containsKey("start") ? f.get("start").asLong() : Long.MIN_VALUE;
        long end = f.containsKey("end") ? f.get("end").asLong() : Long.MAX_VALUE;
        ObjectNode r = KrakenWire.JSON.createObjectNode();
        ObjectNode trades = r.putObject("trades");
        int count = 0;
        for (SpotOrder o : exchange.orders(apiKey)) {
            KrakenPair p = sandbox.pairOfMarket(o.market().key());
            for (var t : o.trades()) {
                long s = t.time().getEpochSecond();
                if (s > start && s <= end) {
                    trades.set(KrakenWire.tradeTxid(t), KrakenWire.trade(p, o, t));
                    count++;
                }
            }
        }
        r.put("count", count);
        return r;
    }

    private ObjectNode balance(String apiKey) {
        ObjectNode r = KrakenWire.JSON.createObjectNode();
        exchange.balances(apiKey).forEach((asset, v) -> r.put(krakenAsset(asset), KrakenWire.fixed(v[0].add(v[1]), 10)));
        return r;
    }

    private String krakenAsset(String common) {
        for (KrakenPair p : sandbox.pairs.values()) {
            if (p.commonBase().equals(common)) {
                return p.baseAsset();
            }
            if (p.commonQuote().equals(common)) {
                return p.quoteAsset();
            }
        }
        return common;
    }

    // ---- plumbing ----

    private static Map<String, JsonNode> fields(String contentType, String body) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return out;
        }
        if (contentType != null && contentType.startsWith("application/json")) {
            JsonNode n;
            try {
                n = KrakenWire.JSON.readTree(body);
            } catch (Exception e) {
                throw new KrakenError("EGeneral:Invalid arguments");
            }
            if (n == null || !n.isObject()) {
                throw new KrakenError("EGeneral:Invalid arguments");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue());
            }
            return out;
        }
        for (String part : body.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, KrakenWire.JSON.getNodeFactory().textNode(v));
        }
        return out;
    }

    private static String text(Map<String, JsonNode> f, String name, boolean required) {
        JsonNode v = f.get(name);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            if (required) {
                throw new KrakenError("EGeneral:Invalid arguments:" + name);
            }
            return null;
        }
        return v.asText();
    }

    private static BigDecimal decimal(Map<String, JsonNode> f, String name, boolean required, int maxDecimals,
                                      KrakenPair p) {
        String v = text(f, name, required);
        if (!DECIMAL.matcher(v).matches()) {
            throw new KrakenError("EGeneral:Invalid arguments:" + name);
        }
        BigDecimal d = new BigDecimal(v);
        if (d.stripTrailingZeros().scale() > maxDecimals) {
            throw new KrakenError("EGeneral:Invalid arguments:" + name);
        }
        return d;
    }

    /** Kraken's price precision rule, with its wording. */
    private static BigDecimal price(Map<String, JsonNode> f, String name, KrakenPair p) {
        String v = text(f, name, true);
        if (!DECIMAL.matcher(v).matches()) {
            throw new KrakenError("EGeneral:Invalid arguments:" + name);
        }
        BigDecimal d = new BigDecimal(v);
        if (d.stripTrailingZeros().scale() > p.pairDecimals() || d.remainder(p.tickSize()).signum() != 0) {
            throw new KrakenError("EOrder:Invalid price:" + p.wsname() + " price can only be specified up to "
                    + p.pairDecimals() + " decimals.");
        }
        return d;
    }

    private KrakenFault takeFault(String path) {
        for (Object[] f : sandbox.faults) {
            if (f[1] == null || f[1].equals(path)) {
                sandbox.faults.remove(f);
                return (KrakenFault) f[0];
            }
        }
        return null;
    }

    private void answer(HttpServerRequest req, KrakenFault fault, ObjectNode result) {
        ObjectNode ok = KrakenWire.JSON.createObjectNode();
        ok.putArray("error");
        ok.set("result", result);
        var response = req.response().putHeader("Content-Type", "application/json");
        if (fault == KrakenFault.INTERNAL_ERROR_AFTER) {
            response.setStatusCode(500).end("{\"error\":[\"EGeneral:Internal error\"]}");
        } else if (fault == KrakenFault.NO_ANSWER_AFTER) {
            sandbox.vertx().setTimer(sandbox.noAnswerFor.toMillis(), t -> {
                if (!response.closed()) {
                    response.end(ok.toString());
                }
            });
        } else {
            response.end(ok.toString());
        }
    }
}
