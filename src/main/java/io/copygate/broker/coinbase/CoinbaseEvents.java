package io.copygate.broker.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.SymbolRules;
import io.copygate.signal.Fill;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Coinbase order states as canonical signals and fills. Coinbase reports orders, not trades: the
 * {@code user} channel and the order list both give an order's cumulative filled size, value and
 * fees, so a fill is the difference from the state seen before, with id
 * {@code <order_id>:<cumulative size after it>} (the same whichever source saw it). Signals:
 * {@code <order_id>:new} when a limit/stop-limit is first seen working or a market order first
 * filled (with its average price), {@code <order_id>:edit:<size>:<price>} after an edit and
 * {@code <order_id>:canceled}. Pure: the caller keeps the {@link OrderView} last seen per order.
 */
public final class CoinbaseEvents {
    public static final String SOURCE = "coinbase";
    private final CoinbaseSymbolCodec codec = new CoinbaseSymbolCodec();

    /** One order's state in either source's terms. */
    public record OrderView(String orderId, String clientOrderId, String productId, Side side, OrderType type,
                            TimeInForce tif, String status, BigDecimal size, BigDecimal filled, BigDecimal filledValue,
                            BigDecimal fees, BigDecimal limitPrice, BigDecimal stopPrice, Instant created, String raw) {
    }

    /** What changed from {@code before} (null: never seen) to {@code now}. */
    public record Changes(List<Signal> signals, List<Fill> fills) {
    }

    public Changes changes(OrderView before, OrderView now, BrokerAccount account, Instant at, Instant receivedAt) {
        List<Signal> signals = new ArrayList<>();
        List<Fill> fills = new ArrayList<>();
        if (now.type() == null) {
            return new Changes(signals, fills);
        }
        boolean working = "OPEN".equals(now.status()) || "FILLED".equals(now.status())
                || "CANCELLED".equals(now.status()) || "EXPIRED".equals(now.status());
        boolean announcedBefore = before != null && announced(before);
        if (!announcedBefore && working && announced(now)) {
            BigDecimal reference = now.type() == OrderType.MARKET ? average(now) : now.limitPrice();
            signals.add(base(account, now, SignalKind.ORDER_NEW, ":new", at, receivedAt)
                    .side(now.side()).quantity(SymbolRules.clean(now.size())).orderType(now.type())
                    .limitPrice(now.type().needsLimitPrice() ? SymbolRules.clean(now.limitPrice()) : null)
                    .stopPrice(now.type().needsStopPrice() ? SymbolRules.clean(now.stopPrice()) : null)
                    .timeInForce(now.type() == OrderType.MARKET ? null : now.tif())
                    .price(SymbolRules.clean(reference)).build());
        } else if (announcedBefore && "OPEN".equals(now.status()) && now.type() != OrderType.MARKET
                && (cmp(before.size(), now.size()) != 0 || cmp(before.limitPrice(), now.limitPrice()) != 0)) {
            signals.add(base(account, now, SignalKind.ORDER_MODIFY, ":edit:" + plain(now.size()) + ":"
                    + plain(now.limitPrice()), at, receivedAt)
                    .side(now.side()).quantity(SymbolRules.clean(now.size())).orderType(now.type())
                    .limitPrice(SymbolRules.clean(now.limitPrice())).build());
        }
        BigDecimal filledBefore = before == null ? BigDecimal.ZERO : before.filled();
        if (now.filled().compareTo(filledBefore) > 0) {
            BigDecimal qty = now.filled().subtract(filledBefore);
            BigDecimal valueBefore = before == null ? BigDecimal.ZERO : before.filledValue();
            BigDecimal price = now.filledValue().subtract(valueBefore).divide(qty, 8, RoundingMode.HALF_UP);
            BigDecimal fee = now.fees().subtract(before == null ? BigDecimal.ZERO : before.fees());
            fills.add(new Fill(account.id(), now.orderId() + ":" + plain(now.filled()), now.orderId(),
                    now.clientOrderId(), codec.toInstrument(now.productId()), now.side(), SymbolRules.clean(qty),
                    SymbolRules.clean(price), SymbolRules.clean(fee), at));
        }
        if ("CANCELLED".equals(now.status()) && (before == null || !"CANCELLED".equals(before.status()))
                && (announcedBefore || announced(now))) {
            signals.add(base(account, now, SignalKind.ORDER_CANCEL, ":canceled", at, receivedAt).build());
        }
        return new Changes(signals, fills);
    }

    /** Whether the order is one copygate announces: a working limit/stop-limit, or a market order that filled. */
    private static boolean announced(OrderView v) {
        if (v.type() == OrderType.MARKET) {
            return v.filled().signum() > 0;
        }
        return !"PENDING".equals(v.status()) && !"FAILED".equals(v.status());
    }

    private Signal.Builder base(BrokerAccount account, OrderView v, SignalKind kind, String suffix, Instant at,
                                Instant receivedAt) {
        return Signal.builder().tenant(account.tenant()).source(SOURCE).sourceEventId(v.orderId() + suffix)
                .masterAccount(account.id()).kind(kind).instrument(codec.toInstrument(v.productId()))
                .masterOrderRef(v.orderId()).sourceTime(at).receivedTime(receivedAt).raw(v.raw());
    }

    /** An order from the {@code user} channel. */
    public static OrderView fromUserChannel(JsonNode o) {
        BigDecimal filled = decimal(o, "cumulative_quantity");
        BigDecimal leaves = decimal(o, "leaves_quantity");
        return new OrderView(o.path("order_id").asText(), text(o, "client_order_id"), o.path("product_id").asText(),
                "BUY".equals(o.path("order_side").asText()) ? Side.BUY : Side.SELL, type(o.path("order_type").asText()),
                tif(o.path("time_in_force").asText()), o.path("status").asText(), filled.add(leaves), filled,
                decimal(o, "filled_value").signum() > 0 ? decimal(o, "filled_value")
                        : filled.multiply(decimal(o, "avg_price")),
                decimal(o, "total_fees"), nullable(o, "limit_price"), nullable(o, "stop_price"),
                time(o.path("creation_time").asText(null)), o.toString());
    }

    /** An order from {@code GET /orders/historical/*}. */
    public static OrderView fromRest(JsonNode o) {
        JsonNode config = o.path("order_configuration");
        JsonNode c = config.isObject() && config.size() > 0 ? config.elements().next() : config;
        BigDecimal size = decimal(c, "base_size");
        return new OrderView(o.path("order_id").asText(), text(o, "client_order_id"), o.path("product_id").asText(),
                "BUY".equals(o.path("side").asText()) ? Side.BUY : Side.SELL, type(o.path("order_type").asText()),
                tif(o.path("time_in_force").asText()), o.path("status").asText(), size, decimal(o, "filled_size"),
                decimal(o, "filled_value"), decimal(o, "total_fees"), nullable(c, "limit_price"),
                nullable(c, "stop_price"), time(o.path("created_time").asText(null)), o.toString());
    }

    static OrderType type(String coinbase) {
        return switch (coinbase.toUpperCase().replace("_", "").replace(" ", "")) {
            case "MARKET" -> OrderType.MARKET;
            case "LIMIT" -> OrderType.LIMIT;
            case "STOPLIMIT" -> OrderType.STOP_LIMIT;
            default -> null;
        };
    }

    static TimeInForce tif(String coinbase) {
        return switch (coinbase) {
            case "IMMEDIATE_OR_CANCEL" -> TimeInForce.IOC;
            case "FILL_OR_KILL" -> TimeInForce.FOK;
            default -> TimeInForce.GTC;
        };
    }

    private static BigDecimal average(OrderView v) {
        return v.filled().signum() == 0 ? null : v.filledValue().divide(v.filled(), 8, RoundingMode.HALF_UP);
    }

    private static int cmp(BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            return a == b ? 0 : 1;
        }
        return a.compareTo(b);
    }

    private static String plain(BigDecimal v) {
        return v == null ? "-" : SymbolRules.clean(v).toPlainString();
    }

    private static String text(JsonNode n, String f) {
        String v = n.path(f).asText("");
        return v.isEmpty() ? null : v;
    }

    private static Instant time(String iso) {
        return iso == null || iso.isEmpty() ? null : Instant.parse(iso);
    }

    private static BigDecimal nullable(JsonNode n, String f) {
        BigDecimal v = decimal(n, f);
        return v.signum() == 0 ? null : v;
    }

    private static BigDecimal decimal(JsonNode n, String f) {
        JsonNode v = n == null ? null : n.get(f);
        return v == null || v.isNull() || v.asText().isEmpty() ? BigDecimal.ZERO : new BigDecimal(v.asText());
    }
}
