package io.copygate.sim.tradovate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The sandbox's trading state: users, accounts, contracts, orders with their versions and commands,
 * fills and positions, and the matching that fills market orders at the set price and keeps working
 * orders until a price crosses them. Every change is published as the entity event Tradovate pushes
 * over the WebSocket ({@code props}: entityType, eventType Created/Updated, entity).
 *
 * <p>Order requests are checked the way Tradovate answers them: unreadable or incomplete bodies get
 * {@code {"errorText":"Invalid or missed parameters"}}, business rejects get HTTP 200 with
 * {@code failureReason}/{@code failureText}.
 */
final class TradovateBook {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final Pattern SYMBOL = Pattern.compile("^[A-Z][A-Z0-9]*?[FGHJKMNQUVXZ]\\d$");
    private static final Set<String> TYPES = Set.of("Limit", "MIT", "Market", "QTS", "Stop", "StopLimit",
            "TrailingStop", "TrailingStopLimit");
    private static final Set<String> TIFS = Set.of("Day", "FOK", "GTC", "GTD", "IOC");
    private static final Set<String> ORDER_FIELDS = Set.of("accountSpec", "accountId", "clOrdId", "action", "symbol",
            "orderQty", "orderType", "price", "stopPrice", "maxShow", "pegDifference", "timeInForce", "expireTime",
            "text", "activationTime", "customTag50", "isAutomated", "p-ticket");
    private static final Set<String> BRACKET_FIELDS = Set.of("action", "clOrdId", "orderType", "price", "stopPrice",
            "maxShow", "pegDifference", "timeInForce", "expireTime", "text");

    /** Receives every entity change, for the WebSocket subscribers of that user. */
    interface Events {
        void entity(long userId, String entityType, String eventType, ObjectNode entity);
    }

    record User(long id, String name, String password, String cid, String sec) {
    }

    record Account(long id, String name, long userId) {
    }

    private static final class Order {
        long id;
        long accountId;
        long contractId;
        String action;
        String status;
        Instant timestamp;
        Long parentId;
        Long ocoId;
        boolean automated;
        boolean stopTriggered;
        final List<ObjectNode> versions = new ArrayList<>();

        ObjectNode version() {
            return versions.get(versions.size() - 1);
        }
    }

    private final Events events;
    private final Supplier<Instant> clock;
    private long nextId = 1000;
    private final Map<Long, User> users = new LinkedHashMap<>();
    private final Map<Long, Account> accounts = new LinkedHashMap<>();
    private final Map<Long, String> contracts = new LinkedHashMap<>();
    private final Map<String, BigDecimal> prices = new HashMap<>();
    private final Map<Long, Order> orders = new LinkedHashMap<>();
    private final List<ObjectNode> commands = new ArrayList<>();
    private final List<ObjectNode> executionReports = new ArrayList<>();
    private final List<ObjectNode> fills = new ArrayList<>();
    private final Map<String, ObjectNode> positions = new LinkedHashMap<>();

    TradovateBook(Events events, Supplier<Instant> clock) {
        this.events = events;
        this.clock = clock;
    }

    // ---- users and accounts ------------------------------------------------------------------

    synchronized User addUser(String name, String password, String cid, String sec) {
        User u = new User(nextId++, name, password, cid, sec);
        users.put(u.id(), u);
        return u;
    }

    synchronized Account addAccount(long userId, String name) {
        Account a = new Account(nextId++, name, userId);
        accounts.put(a.id(), a);
        return a;
    }

    synchronized User user(long id) {
        return users.get(id);
    }

    /** The user these credentials name, or null. {@code cid}/{@code sec} are checked when the user has an API key. */
    synchronized User login(String name, String password, String cid, String sec) {
        for (User u : users.values()) {
            if (u.name().equals(name) && u.password().equals(password)
                    && (u.cid() == null || (u.cid().equals(cid) && u.sec().equals(sec)))) {
                return u;
            }
        }
        return null;
    }

    synchronized ArrayNode accountList(long userId) {
        ArrayNode list = JSON.createArrayNode();
        accounts.values().stream().filter(a -> a.userId() == userId).forEach(a -> list.add(account(a)));
        return list;
    }

    synchronized Account accountNamed(String name) {
        return accounts.values().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sandbox account named " + name));
    }

    // ---- prices and contracts ----------------------------------------------------------------

    /** Sandbox control: the market trades at this price now; working orders it crosses are filled. */
    synchronized void setPrice(String symbol, BigDecimal price) {
        contractId(symbol);
        prices.put(symbol, price);
        match(symbol);
    }

    synchronized ObjectNode contractItem(long id) {
        String name = contracts.get(id);
        return name == null ? null : contract(id, name);
    }

    synchronized ObjectNode contractFind(String name) {
        if (name == null || !SYMBOL.matcher(name).matches()) {
            return null;
        }
        return contract(contractId(name), name);
    }

    private long contractId(String symbol) {
        for (Map.Entry<Long, String> c : contracts.entrySet()) {
            if (c.getValue().equals(symbol)) {
                return c.getKey();
            }
        }
        long id = nextId++;
        contracts.put(id, symbol);
        return id;
    }

    // ---- order endpoints ---------------------------------------------------------------------

    /** {@code placeorder} / {@code placeOSO} (when {@code oso}) for a user's token. */
    synchronized ObjectNode place(long userId, JsonNode body, boolean oso) {
        String invalid = invalidOrder(body, ORDER_FIELDS, true);
        if (invalid == null && !oso && (body.has("bracket1") || body.has("bracket2"))) {
            invalid = "bracket1"; // brackets belong to placeOSO
        }
        if (invalid == null && oso) {
            invalid = body.has("bracket1") ? invalidOrder(body.get("bracket1"), BRACKET_FIELDS, false) : "bracket1";
            if (invalid == null && body.has("bracket2")) {
                invalid = invalidOrder(body.get("bracket2"), BRACKET_FIELDS, false);
            }
        }
        if (invalid != null) {
            return invalidParameters();
        }
        Account account = accounts.get(body.get("accountId").asLong());
        if (account == null || account.userId() != userId
                || (body.has("accountSpec") && !account.name().equals(body.get("accountSpec").asText()))) {
            return failure("Unauthorized", "Access is denied");
        }
        String symbol = body.get("symbol").asText();
        if (!SYMBOL.matcher(symbol).matches()) {
            return failure("InvalidContract", "Unknown contract " + symbol);
        }
        String type = body.get("orderType").asText();
        if (!Set.of("Market", "Limit", "Stop", "StopLimit").contains(type)) {
            return failure("Unsupported", "The sandbox does not simulate " + type + " orders");
        }
        if ("Market".equals(type) && !prices.containsKey(symbol)) {
            return failure("NoQuote", "No quote available");
        }
        boolean automated = body.path("isAutomated").asBoolean(false);
        Order entry = newOrder(account, contractId(symbol), body, null, automated);
        ObjectNode result = JSON.createObjectNode().put("orderId", entry.id);
        if (oso) {
            Order b1 = newOrder(account, entry.contractId, withQty(body.get("bracket1"), body), entry.id, automated);
            result.put("oso1Id", b1.id);
            if (body.has("bracket2")) {
                Order b2 = newOrder(account, entry.contractId, withQty(body.get("bracket2"), body), entry.id, automated);
                b1.ocoId = b2.id;
                b2.ocoId = b1.id;
                result.put("oso2Id", b2.id);
            }
        }
        accept(entry);
        return result;
    }

    synchronized ObjectNode modify(long userId, JsonNode body) {
        if (!body.isObject() || !body.path("orderId").canConvertToLong() || !isPositiveInt(body.get("orderQty"))
                || !TYPES.contains(body.path("orderType").asText()) || !typesOk(body, body.path("orderType").asText())
                || (body.has("timeInForce") && !TIFS.contains(body.get("timeInForce").asText()))
                || (body.has("isAutomated") && !body.get("isAutomated").isBoolean())) {
            return invalidParameters();
        }
        Order o = orders.get(body.get("orderId").asLong());
        if (o == null || accounts.get(o.accountId).userId() != userId) {
            return failure("Unauthorized", "Access is denied");
        }
        if (!"Working".equals(o.status) && !"Suspended".equals(o.status)) {
            return failure("TooLate", "Order is not working: " + o.status);
        }
        String type = body.get("orderType").asText();
        if (!type.equals(o.version().get("orderType").asText())
                && !Set.of("Market", "Limit", "Stop", "StopLimit").contains(type)) {
            return failure("Unsupported", "The sandbox does not simulate " + type + " orders");
        }
        long commandId = command(o, "Modify", body.path("clOrdId").asText(null), body.path("isAutomated").asBoolean(false));
        ObjectNode v = version(o, body);
        o.versions.add(v);
        publish(o, "orderVersion", "Created", v);
        executionReport(o, "Replaced", null, null);
        if ("Working".equals(o.status)) {
            match(contracts.get(o.contractId));
        }
        return JSON.createObjectNode().put("commandId", commandId);
    }

    synchronized ObjectNode cancel(long userId, JsonNode body) {
        if (!body.isObject() || !body.path("orderId").canConvertToLong()
                || (body.has("isAutomated") && !body.get("isAutomated").isBoolean())) {
            return invalidParameters();
        }
        Order o = orders.get(body.get("orderId").asLong());
        if (o == null || accounts.get(o.accountId).userId() != userId) {
            return failure("Unauthorized", "Access is denied");
        }
        if (!"Working".equals(o.status) && !"Suspended".equals(o.status)) {
            return failure("TooLate", "Order is not working: " + o.status);
        }
        long commandId = command(o, "Cancel", body.path("clOrdId").asText(null), body.path("isAutomated").asBoolean(false));
        end(o, "Canceled");
        return JSON.createObjectNode().put("commandId", commandId);
    }

    synchronized ObjectNode liquidate(long userId, JsonNode body) {
        if (!body.isObject() || !body.path("accountId").canConvertToLong() || !body.path("contractId").canConvertToLong()
                || !body.path("admin").isBoolean()) {
            return invalidParameters();
        }
        Account account = accounts.get(body.get("accountId").asLong());
        String symbol = contracts.get(body.get("contractId").asLong());
        if (account == null || account.userId() != userId || symbol == null) {
            return failure("Unauthorized", "Access is denied");
        }
        for (Order o : new ArrayList<>(orders.values())) {
            if (o.accountId == account.id() && o.contractId == body.get("contractId").asLong()
                    && ("Working".equals(o.status) || "Suspended".equals(o.status))) {
                command(o, "Cancel", null, true);
                end(o, "Canceled");
            }
        }
        ObjectNode position = positions.get(account.id() + "|" + symbol);
        int net = position == null ? 0 : position.get("netPos").asInt();
        if (net == 0) {
            return JSON.createObjectNode();
        }
        if (!prices.containsKey(symbol)) {
            return failure("NoQuote", "No quote available");
        }
        ObjectNode market = JSON.createObjectNode().put("action", net > 0 ? "Sell" : "Buy")
                .put("orderQty", Math.abs(net)).put("orderType", "Market").put("timeInForce", "Day");
        Order o = newOrder(account, body.get("contractId").asLong(), market, null, true);
        accept(o);
        return JSON.createObjectNode().put("orderId", o.id);
    }

    // ---- queries -----------------------------------------------------------------------------

    synchronized ArrayNode orderList(long userId) {
        ArrayNode list = JSON.createArrayNode();
        orders.values().stream().filter(o -> accounts.get(o.accountId).userId() == userId).forEach(o -> list.add(order(o)));
        return list;
    }

    synchronized ObjectNode orderItem(long userId, long id) {
        Order o = orders.get(id);
        return o == null || accounts.get(o.accountId).userId() != userId ? null : order(o);
    }

    synchronized ArrayNode commandList(long userId) {
        ArrayNode list = JSON.createArrayNode();
        commands.stream().filter(c -> ownedBy(c.get("orderId").asLong(), userId)).forEach(list::add);
        return list;
    }

    synchronized ArrayNode versionsOf(long userId, long orderId) {
        ArrayNode list = JSON.createArrayNode();
        Order o = orders.get(orderId);
        if (o != null && ownedBy(orderId, userId)) {
            o.versions.forEach(list::add);
        }
        return list;
    }

    synchronized ArrayNode fillList(long userId) {
        ArrayNode list = JSON.createArrayNode();
        fills.stream().filter(f -> ownedBy(f.get("orderId").asLong(), userId)).forEach(list::add);
        return list;
    }

    synchronized ArrayNode positionList(long userId) {
        ArrayNode list = JSON.createArrayNode();
        positions.values().stream().filter(p -> accounts.get(p.get("accountId").asLong()).userId() == userId)
                .forEach(list::add);
        return list;
    }

    /** What {@code user/syncrequest} answers: the user's entities as they are now. */
    synchronized ObjectNode snapshot(long userId) {
        ObjectNode d = JSON.createObjectNode();
        d.putArray("users").add(JSON.createObjectNode().put("id", userId).put("name", users.get(userId).name())
                .put("status", "Active"));
        d.set("accounts", accountList(userId));
        ArrayNode contractList = d.putArray("contracts");
        contracts.forEach((id, name) -> contractList.add(contract(id, name)));
        d.set("orders", orderList(userId));
        ArrayNode versions = d.putArray("orderVersions");
        orders.values().stream().filter(o -> ownedBy(o.id, userId)).forEach(o -> o.versions.forEach(versions::add));
        d.set("commands", commandList(userId));
        ArrayNode reports = d.putArray("executionReports");
        executionReports.stream().filter(r -> ownedBy(r.get("orderId").asLong(), userId)).forEach(reports::add);
        d.set("fills", fillList(userId));
        d.set("positions", positionList(userId));
        d.putArray("cashBalances");
        return d;
    }

    /** Runs {@code action} while no entity can change: a sync answer and its subscription must not miss or repeat one. */
    synchronized void atomically(Runnable action) {
        action.run();
    }

    // ---- the life of an order ----------------------------------------------------------------

    private Order newOrder(Account account, long contractId, JsonNode body, Long parentId, boolean automated) {
        Order o = new Order();
        o.id = nextId++;
        o.accountId = account.id();
        o.contractId = contractId;
        o.action = body.get("action").asText();
        o.status = "PendingNew";
        o.timestamp = clock.get();
        o.parentId = parentId;
        o.automated = automated;
        orders.put(o.id, o);
        command(o, "New", body.path("clOrdId").asText(null), automated);
        publish(o, "order", "Created", order(o));
        ObjectNode v = version(o, body);
        o.versions.add(v);
        publish(o, "orderVersion", "Created", v);
        return o;
    }

    private void accept(Order entry) {
        setStatus(entry, "Working");
        executionReport(entry, "New", null, null);
        for (Order child : children(entry.id)) {
            setStatus(child, "Suspended"); // brackets wait for the entry to fill
        }
        match(contracts.get(entry.contractId));
        String tif = entry.version().path("timeInForce").asText("Day");
        if ("Working".equals(entry.status) && (tif.equals("IOC") || tif.equals("FOK"))) {
            end(entry, "Canceled");
        }
    }

    private void match(String symbol) {
        BigDecimal price = prices.get(symbol);
        if (price == null) {
            return;
        }
        boolean filled = true;
        while (filled) { // a fill can activate brackets that the same price crosses
            filled = false;
            for (Order o : new ArrayList<>(orders.values())) {
                if (!"Working".equals(o.status) || !symbol.equals(contracts.get(o.contractId))) {
                    continue;
                }
                BigDecimal at = fillPrice(o, price);
                if (at != null) {
                    fill(o, at);
                    filled = true;
                }
            }
        }
    }

    /** The price {@code o} fills at when the market trades at {@code market}, or null when it does not. */
    private BigDecimal fillPrice(Order o, BigDecimal market) {
        ObjectNode v = o.version();
        boolean buy = "Buy".equals(o.action);
        String type = v.get("orderType").asText();
        if (type.equals("Stop") || type.equals("StopLimit")) {
            BigDecimal stop = v.get("stopPrice").decimalValue();
            if (!o.stopTriggered && (buy ? market.compareTo(stop) >= 0 : market.compareTo(stop) <= 0)) {
                o.stopTriggered = true;
            }
            if (!o.stopTriggered) {
                return null;
            }
            if (type.equals("Stop")) {
                return market;
            }
        }
        if (type.equals("Market")) {
            return market;
        }
        BigDecimal limit = v.get("price").decimalValue();
        boolean crosses = buy ? market.compareTo(limit) <= 0 : market.compareTo(limit) >= 0;
        return crosses ? (buy ? market.min(limit) : market.max(limit)) : null;
    }

    private void fill(Order o, BigDecimal price) {
        int qty = o.version().get("orderQty").asInt();
        Instant now = clock.get();
        ObjectNode f = JSON.createObjectNode().put("id", nextId++).put("orderId", o.id).put("contractId", o.contractId)
                .put("timestamp", now.toString()).put("action", o.action).put("qty", qty).put("price", price)
                .put("active", true).put("finallyPaired", 0);
        f.set("tradeDate", tradeDate(now));
        fills.add(f);
        publish(o, "fill", "Created", f);
        setStatus(o, "Filled");
        executionReport(o, "Trade", qty, price);
        position(o, qty, price);
        for (Order child : children(o.id)) {
            if ("Suspended".equals(child.status)) {
                setStatus(child, "Working");
                executionReport(child, "New", null, null);
            }
        }
        if (o.ocoId != null && "Working".equals(orders.get(o.ocoId).status)) {
            end(orders.get(o.ocoId), "Canceled");
        }
    }

    private void end(Order o, String status) {
        setStatus(o, status);
        executionReport(o, status, null, null);
        for (Order child : children(o.id)) {
            if ("Suspended".equals(child.status) || "Working".equals(child.status)) {
                end(child, status);
            }
        }
    }

    private void setStatus(Order o, String status) {
        o.status = status;
        publish(o, "order", "Updated", order(o));
    }

    private List<Order> children(long parentId) {
        return orders.values().stream().filter(c -> c.parentId != null && c.parentId == parentId).toList();
    }

    private void position(Order o, int qty, BigDecimal price) {
        String key = o.accountId + "|" + contracts.get(o.contractId);
        ObjectNode p = positions.get(key);
        String event = p == null ? "Created" : "Updated";
        if (p == null) {
            p = JSON.createObjectNode().put("id", nextId++).put("accountId", o.accountId).put("contractId", o.contractId)
                    .put("netPos", 0).put("bought", 0).put("boughtValue", BigDecimal.ZERO).put("sold", 0)
                    .put("soldValue", BigDecimal.ZERO).put("prevPos", 0);
            positions.put(key, p);
        }
        BigDecimal value = price.multiply(BigDecimal.valueOf(qty));
        if ("Buy".equals(o.action)) {
            p.put("bought", p.get("bought").asInt() + qty).put("boughtValue", p.get("boughtValue").decimalValue().add(value));
        } else {
            p.put("sold", p.get("sold").asInt() + qty).put("soldValue", p.get("soldValue").decimalValue().add(value));
        }
        p.put("netPos", p.get("bought").asInt() - p.get("sold").asInt()).put("timestamp", clock.get().toString());
        p.set("tradeDate", tradeDate(clock.get()));
        publish(o, "position", event, p.deepCopy());
    }

    private long command(Order o, String type, String clOrdId, boolean automated) {
        ObjectNode c = JSON.createObjectNode().put("id", nextId++).put("orderId", o.id)
                .put("timestamp", clock.get().toString()).put("commandType", type).put("commandStatus", "RiskPassed")
                .put("isAutomated", automated);
        if (clOrdId != null) {
            c.put("clOrdId", clOrdId);
        }
        commands.add(c);
        publish(o, "command", "Created", c);
        return c.get("id").asLong();
    }

    private void executionReport(Order o, String execType, Integer lastQty, BigDecimal lastPx) {
        ObjectNode r = JSON.createObjectNode().put("id", nextId++).put("accountId", o.accountId)
                .put("contractId", o.contractId).put("timestamp", clock.get().toString()).put("orderId", o.id)
                .put("execType", execType).put("action", o.action).put("ordStatus", o.status);
        if (lastQty != null) {
            r.put("lastQty", lastQty).put("lastPx", lastPx).put("cumQty", lastQty).put("avgPx", lastPx);
        }
        executionReports.add(r);
        publish(o, "executionReport", "Created", r);
    }

    private ObjectNode version(Order o, JsonNode body) {
        ObjectNode v = JSON.createObjectNode().put("id", nextId++).put("orderId", o.id)
                .put("orderQty", body.get("orderQty").asInt()).put("orderType", body.get("orderType").asText());
        if (body.hasNonNull("price")) {
            v.set("price", body.get("price"));
        }
        if (body.hasNonNull("stopPrice")) {
            v.set("stopPrice", body.get("stopPrice"));
        }
        v.put("timeInForce", body.path("timeInForce").asText(o.versions.isEmpty() ? "Day"
                : o.version().path("timeInForce").asText("Day")));
        return v;
    }

    private void publish(Order o, String type, String event, ObjectNode entity) {
        events.entity(accounts.get(o.accountId).userId(), type, event, entity.deepCopy());
    }

    synchronized long ownerOf(long orderId) {
        Order o = orders.get(orderId);
        if (o == null) {
            throw new IllegalArgumentException("no sandbox order " + orderId);
        }
        return accounts.get(o.accountId).userId();
    }

    private boolean ownedBy(long orderId, long userId) {
        Order o = orders.get(orderId);
        return o != null && accounts.get(o.accountId).userId() == userId;
    }

    // ---- rendering and checks ----------------------------------------------------------------

    private ObjectNode order(Order o) {
        ObjectNode n = JSON.createObjectNode().put("id", o.id).put("accountId", o.accountId)
                .put("contractId", o.contractId).put("timestamp", o.timestamp.toString()).put("action", o.action)
                .put("ordStatus", o.status).put("admin", false);
        if (o.parentId != null) {
            n.put("parentId", o.parentId);
        }
        if (o.ocoId != null) {
            n.put("ocoId", o.ocoId);
        }
        return n;
    }

    private static ObjectNode account(Account a) {
        return JSON.createObjectNode().put("id", a.id()).put("name", a.name()).put("userId", a.userId())
                .put("accountType", "Customer").put("active", true).put("clearingHouseId", 2).put("riskCategoryId", 2)
                .put("autoLiqProfileId", 2).put("marginAccountType", "Speculator").put("legalStatus", "Individual");
    }

    private static ObjectNode contract(long id, String name) {
        return JSON.createObjectNode().put("id", id).put("name", name).put("contractMaturityId", id + 1_000_000);
    }

    private static ObjectNode tradeDate(Instant t) {
        ZonedDateTime d = t.atZone(ZoneOffset.UTC);
        return JSON.createObjectNode().put("year", d.getYear()).put("month", d.getMonthValue()).put("day", d.getDayOfMonth());
    }

    private static JsonNode withQty(JsonNode bracket, JsonNode entry) {
        return ((ObjectNode) bracket.deepCopy()).put("orderQty", entry.get("orderQty").asInt());
    }

    /** The first thing wrong with an order body, or null. */
    private static String invalidOrder(JsonNode body, Set<String> allowed, boolean entry) {
        if (body == null || !body.isObject()) {
            return "body";
        }
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f) && !(entry && (f.equals("bracket1") || f.equals("bracket2")))) {
                return f;
            }
        }
        if (!Set.of("Buy", "Sell").contains(body.path("action").asText())) {
            return "action";
        }
        String type = body.path("orderType").asText();
        if (!TYPES.contains(type) || !typesOk(body, type)) {
            return "orderType";
        }
        if (body.has("timeInForce") && !TIFS.contains(body.get("timeInForce").asText())) {
            return "timeInForce";
        }
        if (body.has("clOrdId") && !body.get("clOrdId").isTextual()) {
            return "clOrdId";
        }
        if (!entry) {
            return null;
        }
        if (!body.path("symbol").isTextual()) {
            return "symbol";
        }
        if (!isPositiveInt(body.get("orderQty"))) {
            return "orderQty";
        }
        if (!body.path("accountId").canConvertToLong() || !body.path("accountId").isIntegralNumber()) {
            return "accountId";
        }
        if (body.has("isAutomated") && !body.get("isAutomated").isBoolean()) {
            return "isAutomated";
        }
        return null;
    }

    private static boolean typesOk(JsonNode body, String type) {
        boolean needsPrice = type.equals("Limit") || type.equals("StopLimit");
        boolean needsStop = type.equals("Stop") || type.equals("StopLimit");
        return (!needsPrice || isPositiveNumber(body.get("price"))) && (!needsStop || isPositiveNumber(body.get("stopPrice")));
    }

    private static boolean isPositiveInt(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.asLong() > 0;
    }

    private static boolean isPositiveNumber(JsonNode n) {
        return n != null && n.isNumber() && n.decimalValue().signum() > 0;
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode invalidParameters() {
        return JSON.createObjectNode().put("errorText", "Invalid or missed parameters");
    }

    static ObjectNode failure(String reason, String text) {
        return JSON.createObjectNode().put("failureReason", reason).put("failureText", text);
    }
}
