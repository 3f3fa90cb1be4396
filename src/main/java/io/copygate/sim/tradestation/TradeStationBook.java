package io.copygate.sim.tradestation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The TradeStation sandbox's orders and their matching: market orders fill at the set price, working
 * orders wait until a price crosses them, bracket exits ({@code OSOs}) wait with status {@code OSO}
 * until their entry fills and then cancel each other. Every change is published as the whole order
 * object, the way the order stream sends it.
 *
 * <p>Request checks follow the v3 OpenAPI document: a body that breaks the {@code OrderRequest} schema
 * is a 400 {@code {"Error":"BadRequest","Message":...}}; a readable order the broker refuses is an
 * HTTP 200 with {@code Errors[]}, as the document's examples show.
 */
final class TradeStationBook {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final Pattern FUTURE = Pattern.compile("^[A-Z][A-Z0-9]*?[FGHJKMNQUVXZ]\\d{2}$");
    private static final Pattern EQUITY = Pattern.compile("^[A-Z]{1,5}$");
    private static final Pattern NUMBER = Pattern.compile("^\\d+(\\.\\d+)?$");
    private static final Set<String> TYPES = Set.of("Limit", "StopMarket", "Market", "StopLimit");
    private static final Set<String> ACTIONS = Set.of("BUY", "SELL", "BUYTOCOVER", "SELLSHORT", "BUYTOOPEN",
            "BUYTOCLOSE", "SELLTOOPEN", "SELLTOCLOSE");
    private static final Set<String> DURATIONS = Set.of("DAY", "DYP", "GTC", "GCP", "GTD", "GDP", "OPG", "CLO", "IOC",
            "FOK", "1", "3", "5");
    private static final Set<String> OPEN = Set.of("ACK", "OPN", "DON", "OSO", "RSN", "UCN");

    /** A 4xx answer in TradeStation's shape. */
    static final class Refused extends RuntimeException {
        final int status;
        final String error;

        Refused(int status, String error, String message) {
            super(message);
            this.status = status;
            this.error = error;
        }
    }

    private static final class Order {
        String id;
        String accountId;
        String symbol;
        String action;
        BigDecimal quantity;
        String type;
        BigDecimal limit;
        BigDecimal stop;
        String duration;
        String status;
        BigDecimal executed = BigDecimal.ZERO;
        BigDecimal filledPrice;
        Instant opened;
        Instant closed;
        String parentId;
        String group;
        boolean triggered;
    }

    private final Consumer<ObjectNode> published;
    private final Supplier<Instant> clock;
    private long nextId = 700_000_001L;
    private long nextGroup = 2_706_452_145L;
    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final Map<String, BigDecimal> prices = new HashMap<>();
    private final Set<String> confirmIds = new HashSet<>();

    TradeStationBook(Consumer<ObjectNode> published, Supplier<Instant> clock) {
        this.published = published;
        this.clock = clock;
    }

    synchronized void setPrice(String symbol, BigDecimal price) {
        prices.put(symbol, price);
        match(symbol);
    }

    /** {@code POST /v3/orderexecution/orders}; {@code apiKey} scopes OrderConfirmID uniqueness. */
    synchronized ObjectNode place(String apiKey, Set<String> accounts, JsonNode body) {
        checkOrder(body, "", true);
        if (!accounts.contains(body.get("AccountID").asText())) {
            throw new Refused(403, "Forbidden", "Access to account " + body.get("AccountID").asText() + " is denied.");
        }
        List<JsonNode> exits = new ArrayList<>();
        String groupType = null;
        if (body.has("OSOs")) {
            for (JsonNode oso : body.get("OSOs")) {
                groupType = oso.get("Type").asText();
                oso.get("Orders").forEach(exits::add);
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        String symbol = body.get("Symbol").asText();
        String refusal = null;
        if (!FUTURE.matcher(symbol).matches() && !EQUITY.matcher(symbol).matches()) {
            refusal = "Order failed. Reason: Invalid symbol " + symbol + ".";
        } else if ("Market".equals(body.get("OrderType").asText()) && !prices.containsKey(symbol)) {
            refusal = "Order failed. Reason: No quote available for " + symbol + ".";
        } else if (body.has("OrderConfirmID") && !confirmIds.add(apiKey + "|" + body.get("OrderConfirmID").asText())) {
            refusal = "Order failed. Reason: Duplicate OrderConfirmID " + body.get("OrderConfirmID").asText() + ".";
        }
        if (refusal != null) {
            answer.putArray("Errors").add(JSON.createObjectNode().put("Error", "FAILED").put("Message", refusal));
            return answer;
        }
        ArrayNode placed = answer.putArray("Orders");
        Order entry = create(body, null, null);
        placed.add(sent(entry));
        String group = exits.size() > 1 && "BRK".equals(groupType) ? Long.toString(nextGroup++) : null;
        List<Order> children = new ArrayList<>();
        for (JsonNode exit : exits) {
            Order child = create(exit, entry.id, group);
            children.add(child);
            placed.add(sent(child));
        }
        lifecycle(entry, children);
        return answer;
    }

    /** {@code PUT /v3/orderexecution/orders/{id}}. */
    synchronized ObjectNode replace(Set<String> accounts, String orderId, JsonNode body) {
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw new Refused(400, "BadRequest", "The request requires at least one updated property.");
        }
        for (String f : List.of("Quantity", "LimitPrice", "StopPrice")) {
            if (body.has(f) && (!body.get(f).isTextual() || !NUMBER.matcher(body.get(f).asText()).matches())) {
                throw new Refused(400, "BadRequest", f + " must be a numeric string.");
            }
        }
        if (body.has("OrderType") && !"Market".equals(body.get("OrderType").asText())) {
            throw new Refused(400, "BadRequest", "Order type can only be updated to Market.");
        }
        Order o = owned(accounts, orderId);
        if (!OPEN.contains(o.status)) {
            throw new Refused(400, "BadRequest", "Failed to Cancel/Replace order: Not an open order.");
        }
        setStatus(o, "RSN");
        if (body.has("Quantity")) {
            o.quantity = new BigDecimal(body.get("Quantity").asText());
        }
        if (body.has("OrderType")) {
            o.type = "Market";
            o.limit = null;
            o.stop = null;
        }
        if (body.has("LimitPrice")) {
            o.limit = new BigDecimal(body.get("LimitPrice").asText());
        }
        if (body.has("StopPrice")) {
            o.stop = new BigDecimal(body.get("StopPrice").asText());
        }
        setStatus(o, "ACK");
        match(o.symbol);
        return JSON.createObjectNode().put("Message", "Cancel/Replace order sent.").put("OrderID", o.id);
    }

    /** {@code DELETE /v3/orderexecution/orders/{id}}. */
    synchronized ObjectNode cancel(Set<String> accounts, String orderId) {
        Order o = owned(accounts, orderId);
        if (!OPEN.contains(o.status)) {
            throw new Refused(400, "BadRequest", "Not an open order.");
        }
        setStatus(o, "UCN");
        end(o, "CAN");
        return JSON.createObjectNode().put("Message", "Cancel request sent").put("OrderID", o.id);
    }

    /** {@code GET .../accounts/{ids}/orders[/{orderIds}]}: newest first, as TradeStation lists them. */
    synchronized ArrayNode orders(Set<String> accountIds, Set<String> orderIds) {
        ArrayNode list = JSON.createArrayNode();
        List<Order> all = new ArrayList<>(orders.values());
        for (int i = all.size() - 1; i >= 0; i--) {
            Order o = all.get(i);
            if (accountIds.contains(o.accountId) && (orderIds == null || orderIds.contains(o.id))) {
                list.add(render(o));
            }
        }
        return list;
    }

    /** Hands the accounts' orders, oldest first, to {@code then} while nothing can change (a stream's snapshot). */
    synchronized void snapshot(Set<String> accountIds, Consumer<List<ObjectNode>> then) {
        List<ObjectNode> list = new ArrayList<>();
        orders.values().stream().filter(o -> accountIds.contains(o.accountId)).forEach(o -> list.add(render(o)));
        then.accept(list);
    }

    /** A human at the master's TradeStation platform places an order (no OrderConfirmID). */
    synchronized String humanPlace(String accountId, String action, String symbol, String quantity, String type,
            BigDecimal limit, BigDecimal stop) {
        ObjectNode body = JSON.createObjectNode().put("AccountID", accountId).put("Symbol", symbol)
                .put("Quantity", quantity).put("OrderType", type).put("TradeAction", action);
        body.putObject("TimeInForce").put("Duration", "DAY");
        if (limit != null) {
            body.put("LimitPrice", limit.toPlainString());
        }
        if (stop != null) {
            body.put("StopPrice", stop.toPlainString());
        }
        ObjectNode answer = place("platform", Set.of(accountId), body);
        if (answer.has("Errors")) {
            throw new IllegalArgumentException(answer.get("Errors").toString());
        }
        return answer.get("Orders").get(0).get("OrderID").asText();
    }

    synchronized String accountOf(String orderId) {
        Order o = orders.get(orderId);
        if (o == null) {
            throw new IllegalArgumentException("no sandbox order " + orderId);
        }
        return o.accountId;
    }

    // ---- the life of an order ----------------------------------------------------------------

    private Order create(JsonNode body, String parentId, String group) {
        Order o = new Order();
        o.id = Long.toString(nextId++);
        o.accountId = body.get("AccountID").asText();
        o.symbol = body.get("Symbol").asText();
        o.action = body.get("TradeAction").asText();
        o.quantity = new BigDecimal(body.get("Quantity").asText());
        o.type = body.get("OrderType").asText();
        o.limit = body.hasNonNull("LimitPrice") ? new BigDecimal(body.get("LimitPrice").asText()) : null;
        o.stop = body.hasNonNull("StopPrice") ? new BigDecimal(body.get("StopPrice").asText()) : null;
        o.duration = body.get("TimeInForce").get("Duration").asText();
        o.opened = clock.get();
        o.parentId = parentId;
        o.group = group;
        o.status = parentId == null ? "ACK" : "OSO";
        orders.put(o.id, o);
        return o;
    }

    private void lifecycle(Order entry, List<Order> children) {
        published.accept(render(entry));
        children.forEach(c -> published.accept(render(c)));
        setStatus(entry, "OPN"); // routed: "Sent"
        match(entry.symbol);
        if (OPEN.contains(entry.status) && (entry.duration.equals("IOC") || entry.duration.equals("FOK"))) {
            end(entry, "CAN");
        }
    }

    private void match(String symbol) {
        BigDecimal market = prices.get(symbol);
        if (market == null) {
            return;
        }
        boolean filled = true;
        while (filled) { // a fill can activate exits that the same price crosses
            filled = false;
            for (Order o : new ArrayList<>(orders.values())) {
                if (!symbol.equals(o.symbol) || !Set.of("ACK", "OPN", "DON").contains(o.status)) {
                    continue;
                }
                BigDecimal at = fillPrice(o, market);
                if (at != null) {
                    fill(o, at);
                    filled = true;
                }
            }
        }
    }

    private BigDecimal fillPrice(Order o, BigDecimal market) {
        boolean buy = o.action.startsWith("BUY");
        if (o.type.equals("StopMarket") || o.type.equals("StopLimit")) {
            if (!o.triggered && (buy ? market.compareTo(o.stop) >= 0 : market.compareTo(o.stop) <= 0)) {
                o.triggered = true;
            }
            if (!o.triggered) {
                return null;
            }
            if (o.type.equals("StopMarket")) {
                return market;
            }
        }
        if (o.type.equals("Market")) {
            return market;
        }
        boolean crosses = buy ? market.compareTo(o.limit) <= 0 : market.compareTo(o.limit) >= 0;
        return crosses ? (buy ? market.min(o.limit) : market.max(o.limit)) : null;
    }

    private void fill(Order o, BigDecimal price) {
        o.executed = o.quantity;
        o.filledPrice = price;
        o.closed = clock.get();
        setStatus(o, "FLL");
        for (Order child : orders.values()) {
            if (o.id.equals(child.parentId) && "OSO".equals(child.status)) {
                setStatus(child, "ACK");
            }
        }
        if (o.group != null) {
            for (Order sibling : new ArrayList<>(orders.values())) {
                if (o.group.equals(sibling.group) && !sibling.id.equals(o.id) && OPEN.contains(sibling.status)) {
                    end(sibling, "CAN");
                }
            }
        }
    }

    private void end(Order o, String status) {
        o.closed = clock.get();
        setStatus(o, status);
        for (Order child : new ArrayList<>(orders.values())) {
            if (o.id.equals(child.parentId) && OPEN.contains(child.status)) {
                end(child, status);
            }
        }
    }

    private void setStatus(Order o, String status) {
        o.status = status;
        published.accept(render(o));
    }

    private Order owned(Set<String> accounts, String orderId) {
        Order o = orders.get(orderId);
        if (o == null || !accounts.contains(o.accountId)) {
            throw new Refused(404, "NotFound", "Invalid order ID.");
        }
        return o;
    }

    // ---- rendering and checks ----------------------------------------------------------------

    private ObjectNode render(Order o) {
        ObjectNode n = JSON.createObjectNode().put("AccountID", o.accountId).put("CommissionFee", "0")
                .put("Currency", "USD").put("Duration", o.duration);
        if (o.filledPrice != null) {
            n.put("FilledPrice", o.filledPrice.toPlainString());
        }
        boolean future = FUTURE.matcher(o.symbol).matches();
        ObjectNode leg = n.putArray("Legs").addObject()
                .put("AssetType", future ? "FUTURE" : "STOCK")
                .put("BuyOrSell", o.action.startsWith("BUY") ? "Buy" : "Sell")
                .put("ExecQuantity", o.executed.toPlainString())
                .put("OpenOrClose", "Open")
                .put("QuantityOrdered", o.quantity.toPlainString())
                .put("QuantityRemaining", o.quantity.subtract(o.executed).toPlainString())
                .put("Symbol", o.symbol);
        if (o.filledPrice != null) {
            leg.put("ExecutionPrice", o.filledPrice.toPlainString());
        }
        if (future) {
            leg.put("Underlying", o.symbol.replaceAll("[FGHJKMNQUVXZ]\\d{2}$", ""));
        }
        if (o.limit != null) {
            n.put("LimitPrice", o.limit.toPlainString());
        }
        n.put("OpenedDateTime", o.opened.toString()).put("OrderID", o.id).put("OrderType", o.type)
                .put("Routing", "Intelligent").put("Status", o.status).put("StatusDescription", description(o.status));
        if (o.stop != null) {
            n.put("StopPrice", o.stop.toPlainString());
        }
        if (o.closed != null) {
            n.put("ClosedDateTime", o.closed.toString());
        }
        ArrayNode related = JSON.createArrayNode();
        for (Order other : orders.values()) {
            if (o.id.equals(other.parentId)) {
                related.add(JSON.createObjectNode().put("OrderID", other.id).put("Relationship", "OSO"));
            } else if (other.id.equals(o.parentId)) {
                related.add(JSON.createObjectNode().put("OrderID", other.id).put("Relationship", "OSP"));
            } else if (o.group != null && o.group.equals(other.group) && !other.id.equals(o.id)) {
                related.add(JSON.createObjectNode().put("OrderID", other.id).put("Relationship", "BRK"));
            }
        }
        if (!related.isEmpty()) {
            n.set("ConditionalOrders", related);
        }
        if (o.group != null) {
            n.put("GroupName", "BRK " + o.group);
        }
        n.put("UnbundledRouteFee", "0");
        return n;
    }

    private static ObjectNode sent(Order o) {
        String what = o.action.charAt(0) + o.action.substring(1).toLowerCase() + " " + o.quantity.toPlainString() + " "
                + o.symbol + " @ " + (o.type.equals("Market") ? "Market" : o.type.equals("Limit") ? o.limit.toPlainString()
                : o.stop.toPlainString() + " Stop");
        return JSON.createObjectNode().put("Message", "Sent order: " + what).put("OrderID", o.id);
    }

    private static String description(String status) {
        return switch (status) {
            case "ACK" -> "Received";
            case "OPN" -> "Sent";
            case "OSO" -> "OSO Order";
            case "RSN" -> "Replace Sent";
            case "UCN" -> "Cancel Sent";
            case "FLL" -> "Filled";
            case "CAN" -> "Canceled";
            default -> status;
        };
    }

    /** Checks an {@code OrderRequest} the way its schema reads; throws a 400 naming the field. */
    private static void checkOrder(JsonNode body, String where, boolean top) {
        if (body == null || !body.isObject()) {
            throw new Refused(400, "BadRequest", "The request body must be an order object.");
        }
        for (String f : List.of("AccountID", "Symbol", "Quantity", "OrderType", "TradeAction", "TimeInForce")) {
            if (!body.hasNonNull(f)) {
                throw new Refused(400, "BadRequest", where + f + " is required.");
            }
        }
        text(body, where, "AccountID", null);
        text(body, where, "Symbol", null);
        text(body, where, "Quantity", NUMBER);
        if (!TYPES.contains(body.get("OrderType").asText())) {
            throw new Refused(400, "BadRequest", where + "OrderType is invalid: " + body.get("OrderType").asText());
        }
        if (!ACTIONS.contains(body.get("TradeAction").asText())) {
            throw new Refused(400, "BadRequest", where + "TradeAction is invalid: " + body.get("TradeAction").asText());
        }
        JsonNode tif = body.get("TimeInForce");
        if (!tif.isObject() || !DURATIONS.contains(tif.path("Duration").asText())) {
            throw new Refused(400, "BadRequest", where + "TimeInForce.Duration is invalid.");
        }
        String type = body.get("OrderType").asText();
        if (type.equals("Limit") || type.equals("StopLimit")) {
            if (!body.hasNonNull("LimitPrice")) {
                throw new Refused(400, "BadRequest", where + "LimitPrice is required for a " + type + " order.");
            }
            text(body, where, "LimitPrice", NUMBER);
        }
        if (type.equals("StopMarket") || type.equals("StopLimit")) {
            if (!body.hasNonNull("StopPrice")) {
                throw new Refused(400, "BadRequest", where + "StopPrice is required for a " + type + " order.");
            }
            text(body, where, "StopPrice", NUMBER);
        }
        if (body.has("OrderConfirmID")) {
            String id = body.get("OrderConfirmID").asText();
            if (!body.get("OrderConfirmID").isTextual() || id.isEmpty() || id.length() > 22) {
                throw new Refused(400, "BadRequest", where + "OrderConfirmID must be 1 to 22 characters.");
            }
        }
        if (body.has("OSOs")) {
            if (!top || !body.get("OSOs").isArray()) {
                throw new Refused(400, "BadRequest", where + "OSOs must be an array on the entry order.");
            }
            int i = 0;
            for (JsonNode oso : body.get("OSOs")) {
                String at = where + "OSOs[" + i++ + "].";
                if (!Set.of("NORMAL", "BRK", "OCO").contains(oso.path("Type").asText()) || !oso.path("Orders").isArray()
                        || oso.get("Orders").isEmpty()) {
                    throw new Refused(400, "BadRequest", at + "Type and Orders are required.");
                }
                int j = 0;
                for (JsonNode child : oso.get("Orders")) {
                    checkOrder(child, at + "Orders[" + j++ + "].", false);
                }
            }
        }
    }

    private static void text(JsonNode body, String where, String field, Pattern pattern) {
        JsonNode v = body.get(field);
        if (!v.isTextual() || (pattern != null && !pattern.matcher(v.asText()).matches())) {
            throw new Refused(400, "BadRequest", where + field + " must be a "
                    + (pattern == null ? "string." : "numeric string."));
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
