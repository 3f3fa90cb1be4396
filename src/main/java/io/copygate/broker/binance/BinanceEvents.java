package io.copygate.broker.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.SymbolRules;
import io.copygate.signal.Fill;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Optional;

/**
 * Binance account events as canonical signals and fills, pure functions. The same order reads the
 * same whether it came from the live {@code executionReport} or from the REST catch-up
 * ({@code allOrders}/{@code myTrades}): source event ids are {@code <orderId>:NEW},
 * {@code <orderId>:CANCELED} and fills {@code <orderId>:<tradeId>}, so a replay is a duplicate the
 * journal drops. A MARKET order is announced at its first trade, carrying that price for the
 * followers' slippage guard. TAKE_PROFIT orders and expiries (IOC/FOK leftovers) are not copied.
 */
public final class BinanceEvents {
    public static final String SOURCE = "binance";
    private final BinanceSymbolCodec codec = new BinanceSymbolCodec();

    /** The signal of one {@code executionReport}, if it is one copygate copies. */
    public Optional<Signal> signal(JsonNode e, BrokerAccount account, Instant receivedAt) {
        String exec = e.path("x").asText();
        String orderId = e.path("i").asText();
        OrderType type = BinanceOrderMapper.orderType(e.path("o").asText());
        if (type == null) {
            return Optional.empty();
        }
        Instant time = Instant.ofEpochMilli(e.path("E").asLong());
        switch (exec) {
            case "NEW" -> {
                if (type == OrderType.MARKET) {
                    return Optional.empty();
                }
                return Optional.of(newOrder(account, e.path("s").asText(), orderId, e.path("S").asText(), type,
                        e.path("f").asText(), decimal(e, "q"), decimal(e, "p"), decimal(e, "P"), decimal(e, "p"),
                        time, receivedAt, e.toString()));
            }
            case "TRADE" -> {
                boolean firstTradeOfMarket = type == OrderType.MARKET
                        && decimal(e, "z").compareTo(decimal(e, "l")) == 0;
                if (!firstTradeOfMarket) {
                    return Optional.empty();
                }
                return Optional.of(newOrder(account, e.path("s").asText(), orderId, e.path("S").asText(), type,
                        e.path("f").asText(), decimal(e, "q"), null, null, decimal(e, "L"), time, receivedAt,
                        e.toString()));
            }
            case "CANCELED" -> {
                return Optional.of(cancel(account, e.path("s").asText(), orderId, time, receivedAt, e.toString()));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** The fill of one {@code executionReport} with {@code x = TRADE}. */
    public Optional<Fill> fill(JsonNode e, BrokerAccount account) {
        if (!"TRADE".equals(e.path("x").asText())) {
            return Optional.empty();
        }
        String clientId = e.path("c").asText();
        return Optional.of(new Fill(account.id(), e.path("i").asText() + ":" + e.path("t").asText(),
                e.path("i").asText(), clientId.isEmpty() ? null : clientId, codec.toInstrument(e.path("s").asText()),
                side(e.path("S").asText()), SymbolRules.clean(decimal(e, "l")), SymbolRules.clean(decimal(e, "L")), commission(e.path("n")),
                Instant.ofEpochMilli(e.path("T").asLong())));
    }

    /** The signals one order from {@code GET /api/v3/allOrders} stands for (catch-up after a gap). */
    public java.util.List<Signal> signals(JsonNode order, BrokerAccount account, Instant receivedAt) {
        java.util.List<Signal> out = new java.util.ArrayList<>();
        OrderType type = BinanceOrderMapper.orderType(order.path("type").asText());
        String status = order.path("status").asText();
        if (type == null || "REJECTED".equals(status)) {
            return out;
        }
        String symbol = order.path("symbol").asText();
        String orderId = order.path("orderId").asText();
        BigDecimal executed = decimal(order, "executedQty");
        Instant created = Instant.ofEpochMilli(order.path("time").asLong());
        if (type == OrderType.MARKET) {
            if (executed.signum() > 0) {
                BigDecimal avg = SymbolRules.clean(decimal(order, "cummulativeQuoteQty").divide(executed, 8,
                        RoundingMode.HALF_UP));
                out.add(newOrder(account, symbol, orderId, order.path("side").asText(), type,
                        order.path("timeInForce").asText(), decimal(order, "origQty"), null, null, avg, created,
                        receivedAt, order.toString()));
            }
            return out;
        }
        BigDecimal price = decimal(order, "price");
        out.add(newOrder(account, symbol, orderId, order.path("side").asText(), type,
                order.path("timeInForce").asText(), decimal(order, "origQty"), price, decimal(order, "stopPrice"),
                price, created, receivedAt, order.toString()));
        if ("CANCELED".equals(status)) {
            out.add(cancel(account, symbol, orderId, Instant.ofEpochMilli(order.path("updateTime").asLong()),
                    receivedAt, order.toString()));
        }
        return out;
    }

    /** One trade from {@code GET /api/v3/myTrades}, with the order's client id when known. */
    public Fill fill(JsonNode trade, BrokerAccount account, String clientOrderId) {
        return new Fill(account.id(), trade.path("orderId").asText() + ":" + trade.path("id").asText(),
                trade.path("orderId").asText(), clientOrderId, codec.toInstrument(trade.path("symbol").asText()),
                trade.path("isBuyer").asBoolean() ? Side.BUY : Side.SELL, SymbolRules.clean(decimal(trade, "qty")),
                SymbolRules.clean(decimal(trade, "price")), commission(trade.path("commission")),
                Instant.ofEpochMilli(trade.path("time").asLong()));
    }

    private Signal newOrder(BrokerAccount account, String symbol, String orderId, String side, OrderType type,
                            String tif, BigDecimal qty, BigDecimal price, BigDecimal stop, BigDecimal reference,
                            Instant time, Instant receivedAt, String raw) {
        Instrument instrument = codec.toInstrument(symbol);
        return Signal.builder().tenant(account.tenant()).source(SOURCE).sourceEventId(orderId + ":NEW")
                .masterAccount(account.id()).kind(SignalKind.ORDER_NEW).instrument(instrument).side(side(side))
                .quantity(SymbolRules.clean(qty)).orderType(type)
                .limitPrice(type.needsLimitPrice() ? positive(price) : null)
                .stopPrice(type.needsStopPrice() ? positive(stop) : null)
                .timeInForce(type == OrderType.MARKET ? null : BinanceOrderMapper.timeInForce(tif))
                .masterOrderRef(orderId).price(positive(reference)).sourceTime(time).receivedTime(receivedAt)
                .raw(raw).build();
    }

    private Signal cancel(BrokerAccount account, String symbol, String orderId, Instant time, Instant receivedAt,
                          String raw) {
        return Signal.builder().tenant(account.tenant()).source(SOURCE).sourceEventId(orderId + ":CANCELED")
                .masterAccount(account.id()).kind(SignalKind.ORDER_CANCEL).instrument(codec.toInstrument(symbol))
                .masterOrderRef(orderId).sourceTime(time).receivedTime(receivedAt).raw(raw).build();
    }

    private static Side side(String s) {
        return "BUY".equals(s) ? Side.BUY : Side.SELL;
    }

    private static BigDecimal commission(JsonNode n) {
        return n == null || n.isNull() || n.asText().isEmpty() ? BigDecimal.ZERO : new BigDecimal(n.asText());
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? BigDecimal.ZERO : new BigDecimal(v.asText());
    }

    private static BigDecimal positive(BigDecimal v) {
        return v == null || v.signum() <= 0 ? null : SymbolRules.clean(v);
    }
}
