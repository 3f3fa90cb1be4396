package io.copygate.broker.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.SymbolRules;
import io.copygate.signal.Fill;
import io.copygate.signal.Instrument;
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
import java.util.Optional;

/**
 * Kraken account events as canonical signals and fills, pure functions. WebSocket v2
 * {@code executions} and the REST catch-up ({@code OpenOrders}, {@code ClosedOrders},
 * {@code TradesHistory}) give the same event ids: {@code <txid>:new}, {@code <txid>:canceled},
 * fills {@code <txid>:<trade txid>}. A market order is announced at its first trade with that price.
 * Kraken's {@code new} execution carries no order details, so the feed passes the order as it
 * knows it so far ({@code pending_new} merged with later updates).
 */
public final class KrakenEvents {
    public static final String SOURCE = "kraken";
    private final KrakenSymbolCodec codec = new KrakenSymbolCodec();

    /** Signals for one execution, given the order merged from its earlier executions. */
    public List<Signal> signals(JsonNode exec, JsonNode order, boolean firstTrade, BrokerAccount account,
                                Instant receivedAt) {
        List<Signal> out = new ArrayList<>();
        String execType = exec.path("exec_type").asText();
        String orderId = exec.path("order_id").asText();
        OrderType type = orderType(order.path("order_type").asText());
        Instant time = time(exec.path("timestamp").asText(null));
        switch (execType) {
            case "new" -> {
                if (type != null && type != OrderType.MARKET) {
                    out.add(newOrder(account, orderId, order.path("symbol").asText(), order.path("side").asText(), type,
                            order.path("time_in_force").asText("GTC"), decimal(order, "order_qty"),
                            decimal(order, "limit_price"), decimal(order.path("triggers"), "price"),
                            decimal(order, "limit_price"), time, receivedAt, exec.toString()));
                }
            }
            case "trade" -> {
                if (type == OrderType.MARKET && firstTrade) {
                    out.add(newOrder(account, orderId, order.path("symbol").asText(), order.path("side").asText(), type,
                            null, decimal(order, "order_qty"), null, null, decimal(exec, "last_price"), time,
                            receivedAt, exec.toString()));
                }
            }
            case "canceled" -> out.add(cancel(account, orderId, order.path("symbol").asText(), time, receivedAt,
                    exec.toString()));
            case "amended" -> {
                if (type != null && type != OrderType.MARKET) {
                    out.add(Signal.builder().tenant(account.tenant()).source(SOURCE)
                            .sourceEventId(orderId + ":amended:" + exec.path("timestamp").asText())
                            .masterAccount(account.id()).kind(SignalKind.ORDER_MODIFY)
                            .instrument(codec.toInstrument(order.path("symbol").asText()))
                            .side(side(order.path("side").asText())).quantity(clean(decimal(order, "order_qty")))
                            .orderType(type)
                            .limitPrice(type.needsLimitPrice() ? clean(decimal(order, "limit_price")) : null)
                            .stopPrice(type.needsStopPrice() ? clean(decimal(order.path("triggers"), "price")) : null)
                            .masterOrderRef(orderId).sourceTime(time).receivedTime(receivedAt).raw(exec.toString())
                            .build());
                }
            }
            default -> { }
        }
        return out;
    }

    /** The fill of a {@code trade} execution. */
    public Optional<Fill> fill(JsonNode exec, JsonNode order, BrokerAccount account) {
        if (!"trade".equals(exec.path("exec_type").asText())) {
            return Optional.empty();
        }
        String orderId = exec.path("order_id").asText();
        BigDecimal fee = BigDecimal.ZERO;
        for (JsonNode f : exec.path("fees")) {
            fee = fee.add(decimal(f, "qty"));
        }
        String clientId = order.path("cl_ord_id").asText(null);
        return Optional.of(new Fill(account.id(), orderId + ":" + exec.path("exec_id").asText(), orderId, clientId,
                codec.toInstrument(order.path("symbol").asText()), side(order.path("side").asText()),
                clean(decimal(exec, "last_qty")), clean(decimal(exec, "last_price")), clean(fee),
                time(exec.path("timestamp").asText(null))));
    }

    /** Signals for one order from OpenOrders / ClosedOrders (the catch-up after a gap). */
    public List<Signal> signals(String txid, JsonNode o, BrokerAccount account, Instant receivedAt) {
        List<Signal> out = new ArrayList<>();
        JsonNode d = o.path("descr");
        OrderType type = orderType(d.path("ordertype").asText());
        String status = o.path("status").asText();
        if (type == null || "pending".equals(status)) {
            return out;
        }
        String pair = d.path("pair").asText();
        Instant opened = seconds(o.path("opentm"));
        BigDecimal executed = decimal(o, "vol_exec");
        if (type == OrderType.MARKET) {
            if (executed.signum() > 0) {
                BigDecimal avg = decimal(o, "price").signum() > 0 ? decimal(o, "price")
                        : decimal(o, "cost").divide(executed, 8, RoundingMode.HALF_UP);
                out.add(newOrder(account, txid, pair, d.path("type").asText(), type, null, decimal(o, "vol"), null, null,
                        avg, opened, receivedAt, o.toString()));
            }
            return out;
        }
        BigDecimal limit = type == OrderType.STOP_LIMIT ? decimal(d, "price2") : decimal(d, "price");
        BigDecimal stop = type.needsStopPrice() ? decimal(d, "price") : null;
        out.add(newOrder(account, txid, pair, d.path("type").asText(), type, o.path("timeinforce").asText("GTC"),
                decimal(o, "vol"), limit, stop, limit, opened, receivedAt, o.toString()));
        if ("canceled".equals(status)) {
            out.add(cancel(account, txid, pair, seconds(o.path("closetm")), receivedAt, o.toString()));
        }
        return out;
    }

    /** One trade from TradesHistory ({@code tradeTxid} is its key). */
    public Fill fill(String tradeTxid, JsonNode t, String clientOrderId, BrokerAccount account) {
        String orderId = t.path("ordertxid").asText();
        return new Fill(account.id(), orderId + ":" + tradeTxid, orderId, clientOrderId,
                codec.toInstrument(t.path("pair").asText()), side(t.path("type").asText()), clean(decimal(t, "vol")),
                clean(decimal(t, "price")), clean(decimal(t, "fee")), seconds(t.path("time")));
    }

    private Signal newOrder(BrokerAccount account, String orderId, String pair, String side, OrderType type,
                            String tif, BigDecimal qty, BigDecimal limit, BigDecimal stop, BigDecimal reference,
                            Instant time, Instant receivedAt, String raw) {
        Instrument instrument = codec.toInstrument(pair);
        return Signal.builder().tenant(account.tenant()).source(SOURCE).sourceEventId(orderId + ":new")
                .masterAccount(account.id()).kind(SignalKind.ORDER_NEW).instrument(instrument).side(side(side))
                .quantity(clean(qty)).orderType(type)
                .limitPrice(type.needsLimitPrice() ? positive(limit) : null)
                .stopPrice(type.needsStopPrice() ? positive(stop) : null)
                .timeInForce(type == OrderType.MARKET ? null : "IOC".equalsIgnoreCase(tif) ? TimeInForce.IOC : TimeInForce.GTC)
                .masterOrderRef(orderId).price(positive(reference)).sourceTime(time).receivedTime(receivedAt).raw(raw)
                .build();
    }

    private Signal cancel(BrokerAccount account, String orderId, String pair, Instant time, Instant receivedAt,
                          String raw) {
        return Signal.builder().tenant(account.tenant()).source(SOURCE).sourceEventId(orderId + ":canceled")
                .masterAccount(account.id()).kind(SignalKind.ORDER_CANCEL).instrument(codec.toInstrument(pair))
                .masterOrderRef(orderId).sourceTime(time).receivedTime(receivedAt).raw(raw).build();
    }

    static OrderType orderType(String kraken) {
        return switch (kraken) {
            case "market" -> OrderType.MARKET;
            case "limit" -> OrderType.LIMIT;
            case "stop-loss" -> OrderType.STOP;
            case "stop-loss-limit" -> OrderType.STOP_LIMIT;
            default -> null;
        };
    }

    private static Side side(String s) {
        return "buy".equals(s) ? Side.BUY : Side.SELL;
    }

    private static Instant time(String rfc3339) {
        return rfc3339 == null ? null : Instant.parse(rfc3339);
    }

    private static Instant seconds(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        BigDecimal s = new BigDecimal(n.asText());
        return Instant.ofEpochSecond(s.longValue(), s.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? BigDecimal.ZERO : new BigDecimal(v.asText());
    }

    private static BigDecimal positive(BigDecimal v) {
        return v == null || v.signum() <= 0 ? null : clean(v);
    }

    private static BigDecimal clean(BigDecimal v) {
        return SymbolRules.clean(v);
    }
}
