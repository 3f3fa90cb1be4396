package io.copygate.sim.alpaca;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One order of a sandbox account, with the fields of Alpaca's Order object. Mutated only while
 * holding its account's lock. A bracket/OTO/OCO group is a parent with {@code legs}; every leg is
 * also an order of its own, as Alpaca lists them.
 */
final class SimOrder {
    static final Set<String> OPEN = Set.of("new", "partially_filled", "accepted", "pending_new", "held");
    static final Set<String> WORKING = Set.of("new", "partially_filled");

    final SimAccount account;
    final String id = uuid();
    String clientOrderId;
    final String symbol;
    final boolean crypto;
    final String side;
    String type;
    String timeInForce;
    BigDecimal qty;
    BigDecimal notional;
    BigDecimal limitPrice;
    BigDecimal stopPrice;
    final String orderClass;
    boolean extendedHours;
    String status;
    BigDecimal filledQty = BigDecimal.ZERO;
    BigDecimal filledAvgPrice;
    boolean stopElected;
    final Instant createdAt;
    Instant updatedAt;
    Instant submittedAt;
    Instant filledAt;
    Instant canceledAt;
    Instant expiredAt;
    Instant failedAt;
    Instant replacedAt;
    String replacedBy;
    String replaces;
    SimOrder parent;
    final List<SimOrder> legs = new ArrayList<>();

    SimOrder(SimAccount account, String symbol, boolean crypto, String side, String orderClass, Instant now) {
        this.account = account;
        this.symbol = symbol;
        this.crypto = crypto;
        this.side = side;
        this.orderClass = orderClass;
        this.createdAt = now;
        this.updatedAt = now;
        this.submittedAt = now;
    }

    /** Alpaca order ids are UUIDs; a thread-local random source keeps id generation off any shared lock. */
    static String uuid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lo = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    boolean isOpen() {
        return OPEN.contains(status);
    }

    boolean isWorking() {
        return WORKING.contains(status);
    }

    boolean isBuy() {
        return "buy".equals(side);
    }

    BigDecimal remaining() {
        return qty == null ? null : qty.subtract(filledQty);
    }

    /** The group this order belongs to (itself alone for a simple order). */
    SimOrder groupRoot() {
        return parent != null ? parent : this;
    }

    ObjectNode toJson(boolean nested) {
        ObjectNode o = SimJson.object();
        o.put("id", id);
        o.put("client_order_id", clientOrderId);
        SimJson.put(o, "created_at", createdAt);
        SimJson.put(o, "updated_at", updatedAt);
        SimJson.put(o, "submitted_at", submittedAt);
        SimJson.put(o, "filled_at", filledAt);
        SimJson.put(o, "expired_at", expiredAt);
        SimJson.put(o, "canceled_at", canceledAt);
        SimJson.put(o, "failed_at", failedAt);
        SimJson.put(o, "replaced_at", replacedAt);
        o.put("replaced_by", replacedBy);
        o.put("replaces", replaces);
        o.put("asset_id", UUID.nameUUIDFromBytes(symbol.getBytes(StandardCharsets.UTF_8)).toString());
        o.put("symbol", symbol);
        o.put("asset_class", crypto ? "crypto" : "us_equity");
        SimJson.put(o, "notional", notional);
        SimJson.put(o, "qty", qty);
        o.put("filled_qty", SimJson.decimal(filledQty));
        SimJson.put(o, "filled_avg_price", filledAvgPrice);
        o.put("order_class", orderClass);
        o.put("order_type", type);
        o.put("type", type);
        o.put("side", side);
        o.put("time_in_force", timeInForce);
        SimJson.put(o, "limit_price", limitPrice);
        SimJson.put(o, "stop_price", stopPrice);
        o.put("status", status);
        o.put("extended_hours", extendedHours);
        if (nested && !legs.isEmpty()) {
            ArrayNode array = o.putArray("legs");
            legs.forEach(leg -> array.add(leg.toJson(false)));
        } else {
            o.putNull("legs");
        }
        o.putNull("trail_percent");
        o.putNull("trail_price");
        o.putNull("hwm");
        return o;
    }
}
