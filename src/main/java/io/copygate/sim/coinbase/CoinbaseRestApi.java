package io.copygate.sim.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.signal.Side;
import io.copygate.sim.spot.SpotExchange;
import io.copygate.sim.spot.SpotOrder;
import io.vertx.core.http.HttpServerRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The Coinbase sandbox's Advanced Trade REST endpoints ({@code /api/v3/brokerage/*}). */
final class CoinbaseRestApi {
    private static final String PREFIX = "/api/v3/brokerage";

    private final CoinbaseSandbox sandbox;
    private final SpotExchange exchange;
    private final CoinbaseJwtCheck jwt;

    CoinbaseRestApi(CoinbaseSandbox sandbox) {
        this.sandbox = sandbox;
        this.exchange = sandbox.exchange;
        this.jwt = new CoinbaseJwtCheck(sandbox.keys, sandbox.clock);
    }

    void handle(HttpServerRequest req) {
        req.body().onSuccess(buffer -> {
            String body = buffer == null ? "" : buffer.toString(StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            req.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
            sandbox.recorded.add(new CoinbaseSandbox.Recorded(req.method().name(), req.uri(), Map.copyOf(headers),
                    body.isEmpty() ? null : body));
            String method = req.method().name();
            String path = req.path();
            CoinbaseFault fault = sandbox.takeFault(method + " " + path);
            var response = req.response().putHeader("Content-Type", "application/json");
            try {
                if (!path.startsWith(PREFIX)) {
                    throw new CoinbaseHttpError(404, "NOT_FOUND", "Not Found", "");
                }
                if (fault == CoinbaseFault.UNAVAILABLE_BEFORE) {
                    throw new CoinbaseHttpError(503, "UNAVAILABLE", "Service Unavailable", "");
                }
                String auth = headers.get("Authorization");
                String keyName = jwt.check(auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null,
                        method + " " + CoinbaseJwtCheck.HOST + path);
                if (fault == CoinbaseFault.RATE_LIMITED || !sandbox.limits.admit(keyName)) {
                    response.putHeader("x-ratelimit-limit", Integer.toString(sandbox.limits.perSecond()));
                    response.putHeader("x-ratelimit-remaining", "0");
                    response.putHeader("x-ratelimit-reset", Long.toString(sandbox.clock.instant().getEpochSecond() + 1));
                    throw new CoinbaseHttpError(429, "RATE_LIMIT_EXCEEDED", "Too many requests", "Too many requests");
                }
                JsonNode json = body.isEmpty() ? null : CoinbaseWire.JSON.readTree(body);
                ObjectNode answer = route(method, path.substring(PREFIX.length()), req, json, keyName);
                if (fault == CoinbaseFault.SERVER_ERROR_AFTER) {
                    throw new CoinbaseHttpError(500, "INTERNAL", "Internal server error", "");
                }
                if (fault == CoinbaseFault.NO_ANSWER_AFTER) {
                    sandbox.vertx().setTimer(sandbox.noAnswerFor.toMillis(), t -> {
                        if (!response.closed()) {
                            response.end(answer.toString());
                        }
                    });
                    return;
                }
                response.setStatusCode(200).end(answer.toString());
            } catch (CoinbaseHttpError e) {
                ObjectNode err = CoinbaseWire.JSON.createObjectNode();
                err.put("error", e.error);
                err.put("error_details", e.details);
                err.put("message", e.getMessage());
                response.setStatusCode(e.status).end(err.toString());
            } catch (Exception e) {
                ObjectNode err = CoinbaseWire.JSON.createObjectNode();
                err.put("error", "INVALID_ARGUMENT");
                err.put("error_details", "could not read the request");
                err.put("message", "could not read the request");
                response.setStatusCode(400).end(err.toString());
            }
        });
    }

    private ObjectNode route(String method, String path, HttpServerRequest req, JsonNode body, String key) {
        if (method.equals("POST") && path.equals("/orders")) {
            return create(body, key);
        }
        if (method.equals("POST") && path.equals("/orders/batch_cancel")) {
            return cancel(body, key);
        }
        if (method.equals("POST") && path.equals("/orders/edit")) {
            return edit(body, key);
        }
        if (method.equals("GET") && path.equals("/orders/historical/batch")) {
            return list(req, key);
        }
        if (method.equals("GET") && path.equals("/orders/historical/fills")) {
            return fills(req, key);
        }
        if (method.equals("GET") && path.startsWith("/orders/historical/")) {
            String id = path.substring("/orders/historical/".length());
            SpotOrder o = exchange.order(id).filter(x -> x.account().equals(key))
                    .orElseThrow(() -> new CoinbaseHttpError(404, "NOT_FOUND", "order not found", ""));
            ObjectNode n = CoinbaseWire.JSON.createObjectNode();
            n.set("order", CoinbaseWire.order(sandbox.productOfMarket(o.market().key()), o, sandbox.userId(key)));
            return n;
        }
        if (method.equals("GET") && path.startsWith("/products/")) {
            CoinbaseProduct p = sandbox.products.get(path.substring("/products/".length()));
            if (p == null) {
                throw new CoinbaseHttpError(404, "NOT_FOUND", "ProductID not found", "");
            }
            return CoinbaseWire.product(p, exchange.market(p.marketKey()).orElseThrow().lastPrice());
        }
        if (method.equals("GET") && path.equals("/accounts")) {
            return accounts(key);
        }
        throw new CoinbaseHttpError(404, "NOT_FOUND", "Not Found", "");
    }

    // ---- orders ----

    private ObjectNode create(JsonNode b, String key) {
        if (b == null || !b.hasNonNull("client_order_id") || b.path("client_order_id").asText().isEmpty()) {
            throw new CoinbaseHttpError(400, "INVALID_ARGUMENT", "client_order_id is required", "client_order_id is required");
        }
        String clientId = b.path("client_order_id").asText();
        synchronized (exchange) {
            SpotOrder existing = exchange.latestByClientId(key, clientId).orElse(null);
            if (existing != null) {
                // a repeated client_order_id creates nothing: the order placed under it is returned
                return success(existing, sandbox.productOfMarket(existing.market().key()), b);
            }
            CoinbaseProduct p = sandbox.products.get(b.path("product_id").asText());
            if (p == null) {
                return failure("INVALID_PRODUCT_ID", "Invalid product_id", "UNKNOWN_PREVIEW_FAILURE_REASON", b);
            }
            Side side = switch (b.path("side").asText()) {
                case "BUY" -> Side.BUY;
                case "SELL" -> Side.SELL;
                default -> null;
            };
            if (side == null) {
                return failure("INVALID_SIDE", "Invalid side", "UNKNOWN_PREVIEW_FAILURE_REASON", b);
            }
            JsonNode configs = b.path("order_configuration");
            if (!configs.isObject() || configs.size() != 1) {
                return failure("UNSUPPORTED_ORDER_CONFIGURATION", "exactly one order configuration is required",
                        "UNKNOWN_PREVIEW_FAILURE_REASON", b);
            }
            String configKey = configs.fieldNames().next();
            JsonNode c = configs.get(configKey);
            SpotOrder.Type type;
            SpotOrder.TimeInForce tif;
            switch (configKey) {
                case "market_market_ioc" -> { type = SpotOrder.Type.MARKET; tif = SpotOrder.TimeInForce.IOC; }
                case "market_market_fok" -> { type = SpotOrder.Type.MARKET; tif = SpotOrder.TimeInForce.FOK; }
                case "sor_limit_ioc" -> { type = SpotOrder.Type.LIMIT; tif = SpotOrder.TimeInForce.IOC; }
                case "limit_limit_gtc" -> { type = SpotOrder.Type.LIMIT; tif = SpotOrder.TimeInForce.GTC; }
                case "limit_limit_gtd" -> { type = SpotOrder.Type.LIMIT; tif = SpotOrder.TimeInForce.GTD; }
                case "limit_limit_fok" -> { type = SpotOrder.Type.LIMIT; tif = SpotOrder.TimeInForce.FOK; }
                case "stop_limit_stop_limit_gtc" -> { type = SpotOrder.Type.STOP_LIMIT; tif = SpotOrder.TimeInForce.GTC; }
                case "stop_limit_stop_limit_gtd" -> { type = SpotOrder.Type.STOP_LIMIT; tif = SpotOrder.TimeInForce.GTD; }
                default -> {
                    return failure("UNSUPPORTED_ORDER_CONFIGURATION", "Unsupported order configuration",
                            "UNKNOWN_PREVIEW_FAILURE_REASON", b);
                }
            }
            BigDecimal size = decimal(c, "base_size");
            if (size == null) {
                return failure("INVALID_ARGUMENT", "base_size is required", "UNKNOWN_PREVIEW_FAILURE_REASON", b);
            }
            if (size.remainder(p.baseIncrement()).signum() != 0) {
                return failure("INVALID_SIZE_PRECISION", "Invalid order size precision",
                        "PREVIEW_INVALID_BASE_SIZE_PRECISION", b);
            }
            if (size.compareTo(p.baseMinSize()) < 0) {
                return failure("INVALID_ARGUMENT", "Order size is too small", "PREVIEW_INVALID_BASE_SIZE_TOO_SMALL", b);
            }
            if (size.compareTo(p.baseMaxSize()) > 0) {
                return failure("INVALID_ARGUMENT", "Order size is too large", "PREVIEW_INVALID_BASE_SIZE_TOO_LARGE", b);
            }
            BigDecimal limit = type == SpotOrder.Type.MARKET ? null : decimal(c, "limit_price");
            BigDecimal stop = type == SpotOrder.Type.STOP_LIMIT ? decimal(c, "stop_price") : null;
            if (type != SpotOrder.Type.MARKET && limit == null) {
                return failure("INVALID_LIMIT_PRICE", "limit_price is required", "PREVIEW_INVALID_LIMIT_PRICE", b);
            }
            for (BigDecimal price : new BigDecimal[] {limit, stop}) {
                if (price != null && price.remainder(p.quoteIncrement()).signum() != 0) {
                    return failure("INVALID_PRICE_PRECISION", "Invalid price precision",
                            "PREVIEW_INVALID_LIMIT_PRICE_PRECISION", b);
                }
            }
            BigDecimal last = exchange.market(p.marketKey()).orElseThrow().lastPrice();
            if (type == SpotOrder.Type.STOP_LIMIT) {
                String direction = c.path("stop_direction").asText("");
                boolean up = direction.equals("STOP_DIRECTION_STOP_UP");
                if (!up && !direction.equals("STOP_DIRECTION_STOP_DOWN")) {
                    return failure("INVALID_ARGUMENT", "stop_direction is required", "UNKNOWN_PREVIEW_FAILURE_REASON", b);
                }
                if (last != null && (up ? stop.compareTo(last) <= 0 : stop.compareTo(last) >= 0)) {
                    return failure("UNKNOWN_FAILURE_REASON", "", up ? "PREVIEW_STOP_PRICE_BELOW_LAST_TRADE_PRICE"
                            : "PREVIEW_STOP_PRICE_ABOVE_LAST_TRADE_PRICE", b);
                }
            }
            BigDecimal notional = size.multiply(limit != null ? limit : last == null ? BigDecimal.ZERO : last);
            if (notional.compareTo(p.quoteMinSize()) < 0) {
                return failure("INVALID_ARGUMENT", "Order value is too small", "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL", b);
            }
            Instant end = null;
            if (tif == SpotOrder.TimeInForce.GTD) {
                try {
                    end = Instant.parse(c.path("end_time").asText());
                } catch (Exception e) {
                    return failure("INVALID_ARGUMENT", "end_time is required", "PREVIEW_INVALID_END_TIME", b);
                }
            }
            try {
                SpotOrder o = exchange.place(UUID.randomUUID().toString(), key, p.marketKey(), side, clientId, type, tif,
                        size, limit, stop, end);
                return success(o, p, b);
            } catch (SpotExchange.InsufficientFundsException e) {
                return failure("INSUFFICIENT_FUND", "Insufficient balance in source account", "PREVIEW_INSUFFICIENT_FUND", b);
            } catch (IllegalStateException noPrice) {
                return failure("INVALID_NO_LIQUIDITY", "No liquidity", "UNKNOWN_PREVIEW_FAILURE_REASON", b);
            }
        }
    }

    private static ObjectNode success(SpotOrder o, CoinbaseProduct p, JsonNode request) {
        ObjectNode n = CoinbaseWire.JSON.createObjectNode();
        n.put("success", true);
        n.put("failure_reason", "UNKNOWN_FAILURE_REASON");
        n.put("order_id", o.orderId());
        ObjectNode ok = n.putObject("success_response");
        ok.put("order_id", o.orderId());
        ok.put("product_id", p.productId());
        ok.put("side", o.side() == Side.BUY ? "BUY" : "SELL");
        ok.put("client_order_id", o.clientOrderId());
        n.set("order_configuration", request.path("order_configuration"));
        return n;
    }

    private static ObjectNode failure(String error, String message, String preview, JsonNode request) {
        ObjectNode n = CoinbaseWire.JSON.createObjectNode();
        n.put("success", false);
        n.put("failure_reason", "UNKNOWN_FAILURE_REASON");
        n.put("order_id", "");
        ObjectNode e = n.putObject("error_response");
        e.put("error", error);
        e.put("message", message);
        e.put("error_details", message);
        e.put("preview_failure_reason", preview);
        e.put("new_order_failure_reason", error);
        n.set("order_configuration", request.path("order_configuration"));
        return n;
    }

    private ObjectNode cancel(JsonNode b, String key) {
        ObjectNode n = CoinbaseWire.JSON.createObjectNode();
        ArrayNode results = n.putArray("results");
        for (JsonNode id : b.path("order_ids")) {
            ObjectNode r = results.addObject();
            r.put("order_id", id.asText());
            synchronized (exchange) {
                SpotOrder o = exchange.order(id.asText()).filter(x -> x.account().equals(key)).orElse(null);
                if (o == null || !o.isOpen()) {
                    r.put("success", false);
                    r.put("failure_reason", "UNKNOWN_CANCEL_ORDER");
                    continue;
                }
                exchange.cancel(o, "User requested cancel");
                r.put("success", true);
                r.put("failure_reason", "UNKNOWN_CANCEL_FAILURE_REASON");
            }
        }
        return n;
    }

    private ObjectNode edit(JsonNode b, String key) {
        synchronized (exchange) {
            SpotOrder o = exchange.order(b.path("order_id").asText()).filter(x -> x.account().equals(key)).orElse(null);
            if (o == null) {
                return editFailure("ORDER_NOT_FOUND");
            }
            if (!o.isOpen()) {
                return editFailure("ONLY_OPEN_ORDERS_CAN_BE_EDITED");
            }
            if (o.type() != SpotOrder.Type.LIMIT || o.timeInForce() != SpotOrder.TimeInForce.GTC) {
                return editFailure("ONLY_LIMIT_ORDER_EDITS_SUPPORTED");
            }
            CoinbaseProduct p = sandbox.productOfMarket(o.market().key());
            BigDecimal size = decimal(b, "size");
            BigDecimal price = decimal(b, "price");
            if (size == null || size.remainder(p.baseIncrement()).signum() != 0 || size.compareTo(p.baseMinSize()) < 0) {
                return editFailure("INVALID_EDITED_SIZE");
            }
            if (price == null || price.remainder(p.quoteIncrement()).signum() != 0) {
                return editFailure("INVALID_EDITED_PRICE");
            }
            if (size.compareTo(o.executed()) < 0) {
                return editFailure("CANNOT_EDIT_TO_BELOW_FILLED_SIZE");
            }
            if (size.compareTo(o.quantity()) == 0 && price.compareTo(o.limitPrice()) == 0) {
                return editFailure("EDIT_REQUEST_EQUAL_TO_ORIGINAL_REQUEST");
            }
            try {
                exchange.amend(o, size, price, null);
            } catch (SpotExchange.InsufficientFundsException e) {
                ObjectNode n = editFailure("COMMANDER_REJECTED_EDIT_ORDER");
                ((ObjectNode) n.path("errors").get(0)).put("preview_failure_reason", "PREVIEW_INSUFFICIENT_FUND");
                return n;
            }
        }
        ObjectNode n = CoinbaseWire.JSON.createObjectNode();
        n.put("success", true);
        n.putArray("errors");
        return n;
    }

    private static ObjectNode editFailure(String reason) {
        ObjectNode n = CoinbaseWire.JSON.createObjectNode();
        n.put("success", false);
        ObjectNode e = n.putArray("errors").addObject();
        e.put("edit_failure_reason", reason);
        e.put("preview_failure_reason", "UNKNOWN_PREVIEW_FAILURE_REASON");
        return n;
    }

    // ---- queries ----

    private ObjectNode list(HttpServerRequest req, String key) {
        List<String> products = req.params().getAll("product_ids");
        List<String> statuses = req.params().getAll("order_status");
        Instant start = req.getParam("start_date") == null ? Instant.MIN : Instant.parse(req.getParam("start_date"));
        Instant end = req.getParam("end_date") == null ? Instant.MAX : Instant.parse(req.getParam("end_date"));
        int limit = req.getParam("limit") == null ? 100 : Math.min(1000, Integer.parseInt(req.getParam("limit")));
        int offset = req.getParam("cursor") == null || req.getParam("cursor").isEmpty() ? 0
                : Integer.parseInt(req.getParam("cursor"));
        List<SpotOrder> matching = exchange.orders(key).stream()
                .filter(o -> products.isEmpty() || products.contains(sandbox.productOfMarket(o.market().key()).productId()))
                .filter(o -> statuses.isEmpty() || statuses.contains(CoinbaseWire.status(o)))
                .filter(o -> !o.created().isBefore(start) && !o.created().isAfter(end))
                .sorted(Comparator.comparing(SpotOrder::created).reversed())
                .toList();
        ObjectNode n = CoinbaseWire.JSON.createObjectNode();
        ArrayNode orders = n.putArray("orders");
        matching.stream().skip(offset).limit(limit).forEach(o ->
                orders.add(CoinbaseWire.order(sandbox.productOfMarket(o.market().key()), o, sandbox.userId(key))));
        n.put("sequence", "0");
        boolean more = offset + limit < matching.size();
        n.put("has_next", more);
        n.put("cursor", more ? Integer.toString(offset + limit) : "");
        return n;
    }

    private ObjectNode fills(HttpServerRequest req, String key) {
        List<String> orderIds = req.params().getAll("order_ids");
        List<String> products = req.params().getAll("product_ids");
        ObjectNode n = CoinbaseWire.JSON.createObjectNode();
        ArrayNode fills = n.putArray("fills");
        for (SpotOrder o : exchange.orders(key)) {
            CoinbaseProduct p = sandbox.productOfMarket(o.market().key());
            if ((orderIds.isEmpty() || orderIds.contains(o.orderId()))
                    && (products.isEmpty() || products.contains(p.productId()))) {
                o.trades().forEach(t -> fills.add(CoinbaseWire.fill(p, o, t, sandbox.userId(key))));
            }
        }
        n.put("cursor", "");
        return n;
    }

    private ObjectNode accounts(String key) {
        ObjectNode n = CoinbaseWire.JSON.createObjectNode();
        ArrayNode list = n.putArray("accounts");
        exchange.balances(key).forEach((asset, v) -> {
            ObjectNode a = list.addObject();
            a.put("uuid", UUID.nameUUIDFromBytes((key + asset).getBytes(StandardCharsets.UTF_8)).toString());
            a.put("name", asset + " Wallet");
            a.put("currency", asset);
            a.putObject("available_balance").put("value", CoinbaseWire.s(v[0])).put("currency", asset);
            a.put("default", true);
            a.put("active", true);
            a.put("type", "ACCOUNT_TYPE_CRYPTO");
            a.put("ready", true);
            a.putObject("hold").put("value", CoinbaseWire.s(v[1])).put("currency", asset);
        });
        n.put("has_next", false);
        n.put("cursor", "");
        n.put("size", list.size());
        return n;
    }

    private static BigDecimal decimal(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
