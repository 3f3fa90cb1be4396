package io.copygate.broker.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.signal.AssetClass;
import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * Copy orders as Alpaca order requests, and Alpaca orders as acknowledgements. An order Alpaca is
 * documented to refuse is refused here, before any request, with the offending field named:
 * <ul>
 * <li>fractional quantities and notional amounts: equities only as simple DAY orders (market, limit,
 *     stop, stop_limit; notional: market), and only when the account allows fractional trading;</li>
 * <li>bracket/OCO/OTO: equities only, DAY or GTC, whole shares, take-profit above the stop-loss for a
 *     long exit (below for a short one) and both on the exit side of a limit entry;</li>
 * <li>crypto: market, limit or stop_limit, GTC or IOC, simple class;</li>
 * <li>equity prices in whole cents at or above $1 (four decimals below); quantities up to 9 decimals.</li>
 * </ul>
 * A bracket with both exits on a LIMIT order whose limit price equals the take-profit is an exit-only
 * OCO (the canonical form of Alpaca's {@code oco} class); with both exits otherwise a {@code bracket};
 * with one exit an {@code oto}.
 */
final class AlpacaOrderMapper {
    private static final BigDecimal CENT = new BigDecimal("0.01");
    private static final Set<OrderType> CRYPTO_TYPES = Set.of(OrderType.MARKET, OrderType.LIMIT, OrderType.STOP_LIMIT);
    private static final Set<TimeInForce> CRYPTO_TIFS = Set.of(TimeInForce.GTC, TimeInForce.IOC);

    private AlpacaOrderMapper() {
    }

    /** POST /v2/orders for a copy order sized in units. */
    static ObjectNode newOrder(CopyOrder o, AlpacaConfig config) {
        ObjectNode body = common(o);
        BigDecimal qty = o.quantity();
        if (qty == null || qty.signum() <= 0) {
            throw reject("quantity", "must be greater than zero, was " + (qty == null ? "none" : qty.toPlainString()));
        }
        if (qty.stripTrailingZeros().scale() > 9) {
            throw reject("quantity", "Alpaca takes at most 9 decimal places, was " + qty.toPlainString());
        }
        boolean fractional = qty.stripTrailingZeros().scale() > 0;
        if (fractional && o.instrument().assetClass() == AssetClass.EQUITY) {
            if (!config.fractional()) {
                throw reject("quantity", "fractional quantity " + qty.toPlainString()
                        + " but this account has setting fractional=false");
            }
            requireFractionalShape(o, "fractional quantity " + qty.toPlainString());
        }
        body.put("qty", AlpacaJson.plain(qty));
        addExits(body, o, fractional);
        return body;
    }

    /** POST /v2/orders for a dollar amount: equity market DAY orders or crypto market orders only. */
    static ObjectNode newNotionalOrder(CopyOrder o, BigDecimal notional, AlpacaConfig config) {
        ObjectNode body = common(o);
        if (notional == null || notional.signum() <= 0) {
            throw reject("notional", "must be greater than zero");
        }
        if (o.orderType() != OrderType.MARKET) {
            throw reject("orderType", "Alpaca takes notional amounts on market orders only, was " + o.orderType());
        }
        if (o.instrument().assetClass() == AssetClass.EQUITY) {
            if (!config.fractional()) {
                throw reject("notional", "notional orders need fractional trading, but this account has setting fractional=false");
            }
            if (notional.compareTo(BigDecimal.ONE) < 0) {
                throw reject("notional", "Alpaca's minimum is $1, was " + notional.toPlainString());
            }
            if (notional.stripTrailingZeros().scale() > 9) {
                throw reject("notional", "Alpaca takes at most 9 decimal places, was " + notional.toPlainString());
            }
            requireFractionalShape(o, "a notional amount");
        }
        body.put("notional", AlpacaJson.plain(notional));
        addExits(body, o, true);
        return body;
    }

    private static ObjectNode common(CopyOrder o) {
        if (o.intent() != OrderIntent.PLACE) {
            throw new IllegalArgumentException("a " + o.intent() + " copy order is not placed as a new order");
        }
        String symbol = AlpacaSymbolCodec.encode(o.instrument());
        boolean crypto = o.instrument().assetClass() == AssetClass.CRYPTO;
        if (o.side() == null) {
            throw reject("side", "the order has no side");
        }
        OrderType type = o.orderType();
        if (type == null) {
            throw reject("orderType", "the order has no order type");
        }
        if (type.needsLimitPrice()) {
            requirePrice("limitPrice", o.limitPrice(), crypto);
        }
        if (type.needsStopPrice()) {
            requirePrice("stopPrice", o.stopPrice(), crypto);
        }
        TimeInForce tif = timeInForce(o);
        if (crypto) {
            if (!CRYPTO_TYPES.contains(type)) {
                throw reject("orderType", "Alpaca crypto orders are market, limit or stop_limit, was " + type);
            }
            if (!CRYPTO_TIFS.contains(tif)) {
                throw reject("timeInForce", "Alpaca crypto orders are GTC or IOC, was " + tif);
            }
        }
        ObjectNode body = AlpacaJson.object();
        body.put("symbol", symbol);
        body.put("side", o.side() == Side.BUY ? "buy" : "sell");
        body.put("type", type.name().toLowerCase(Locale.ROOT));
        body.put("time_in_force", tif.name().toLowerCase(Locale.ROOT));
        if (type.needsLimitPrice()) {
            body.put("limit_price", AlpacaJson.plain(o.limitPrice()));
        }
        if (type.needsStopPrice()) {
            body.put("stop_price", AlpacaJson.plain(o.stopPrice()));
        }
        body.put("client_order_id", o.id());
        return body;
    }

    /** DAY orders for equities, GTC for crypto (Alpaca has no DAY for crypto) when the copy order names none. */
    static TimeInForce timeInForce(CopyOrder o) {
        if (o.timeInForce() != null) {
            return o.timeInForce();
        }
        return o.instrument().assetClass() == AssetClass.CRYPTO ? TimeInForce.GTC : TimeInForce.DAY;
    }

    private static void requireFractionalShape(CopyOrder o, String what) {
        if (timeInForce(o) != TimeInForce.DAY) {
            throw reject("timeInForce", "Alpaca takes " + what + " on DAY orders only, was " + timeInForce(o));
        }
        if (o.bracket() != null && !o.bracket().isEmpty()) {
            throw reject("bracket", "Alpaca takes " + what + " on simple orders only, not with a stop-loss/take-profit");
        }
    }

    private static void addExits(ObjectNode body, CopyOrder o, boolean fractional) {
        Bracket b = o.bracket();
        if (b == null || b.isEmpty()) {
            return;
        }
        if (o.instrument().assetClass() == AssetClass.CRYPTO) {
            throw reject("bracket", "Alpaca crypto orders take no stop-loss/take-profit (simple class only)");
        }
        if (fractional) {
            throw reject("bracket", "Alpaca takes stop-loss/take-profit on whole-share orders only");
        }
        TimeInForce tif = timeInForce(o);
        if (tif != TimeInForce.DAY && tif != TimeInForce.GTC) {
            throw reject("timeInForce", "Alpaca takes stop-loss/take-profit on DAY or GTC orders only, was " + tif);
        }
        requirePrice("takeProfit", b.takeProfit(), false, true);
        requirePrice("stopLoss", b.stopLoss(), false, true);
        requirePrice("stopLossLimit", b.stopLossLimit(), false, true);
        if (b.stopLossLimit() != null && b.stopLoss() == null) {
            throw reject("stopLossLimit", "a stop-loss limit price needs a stop-loss stop price");
        }
        boolean both = b.takeProfit() != null && b.stopLoss() != null;
        boolean oco = both && o.orderType() == OrderType.LIMIT && o.limitPrice().compareTo(b.takeProfit()) == 0;
        // the exits close a long when the entry buys; an OCO is itself the exit, so a selling OCO closes a long
        boolean longExit = oco ? o.side() == Side.SELL : o.side() == Side.BUY;
        if (both && (longExit ? b.takeProfit().compareTo(b.stopLoss()) <= 0 : b.takeProfit().compareTo(b.stopLoss()) >= 0)) {
            throw reject("takeProfit", "must be " + (longExit ? "above" : "below") + " the stop-loss "
                    + b.stopLoss().toPlainString() + ", was " + b.takeProfit().toPlainString());
        }
        BigDecimal base = oco ? b.takeProfit() : o.orderType() == OrderType.LIMIT ? o.limitPrice() : null;
        if (base != null) {
            if (!oco && b.takeProfit() != null && (longExit ? b.takeProfit().compareTo(base.add(CENT)) < 0
                    : b.takeProfit().compareTo(base.subtract(CENT)) > 0)) {
                throw reject("takeProfit", "must be at least 0.01 " + (longExit ? "above" : "below")
                        + " the entry limit " + base.toPlainString());
            }
            if (b.stopLoss() != null && (longExit ? b.stopLoss().compareTo(base.subtract(CENT)) > 0
                    : b.stopLoss().compareTo(base.add(CENT)) < 0)) {
                throw reject("stopLoss", "must be at least 0.01 " + (longExit ? "below" : "above") + " "
                        + (oco ? "the take-profit " : "the entry limit ") + base.toPlainString());
            }
        }
        body.put("order_class", oco ? "oco" : both ? "bracket" : "oto");
        if (b.takeProfit() != null) {
            body.putObject("take_profit").put("limit_price", AlpacaJson.plain(b.takeProfit()));
        }
        if (b.stopLoss() != null) {
            ObjectNode stopLoss = body.putObject("stop_loss").put("stop_price", AlpacaJson.plain(b.stopLoss()));
            if (b.stopLossLimit() != null) {
                stopLoss.put("limit_price", AlpacaJson.plain(b.stopLossLimit()));
            }
        }
    }

    /**
     * PATCH /v2/orders/{id}: the modify's quantity, prices and time in force where they differ from
     * the working order; the replacement takes the modify's id as its client order id, so a later
     * cancel or modify finds it and a retried modify finds it already done.
     */
    static ObjectNode replacement(CopyOrder o, JsonNode target) {
        boolean crypto = "crypto".equals(AlpacaJson.text(target, "asset_class"));
        if (AlpacaJson.decimal(target, "notional") != null) {
            throw reject("quantity", "Alpaca cannot replace a notional order; cancel it and place a new one");
        }
        if ("oto".equals(AlpacaJson.text(target, "order_class"))) {
            throw reject("orderType", "Alpaca cannot replace an OTO order; cancel it and place a new one");
        }
        String type = AlpacaJson.text(target, "type");
        ObjectNode body = AlpacaJson.object();
        BigDecimal qty = o.quantity();
        BigDecimal targetQty = AlpacaJson.decimal(target, "qty");
        if (qty != null && (targetQty == null || qty.compareTo(targetQty) != 0)) {
            if (qty.signum() <= 0) {
                throw reject("quantity", "must be greater than zero, was " + qty.toPlainString());
            }
            boolean fractional = qty.stripTrailingZeros().scale() > 0
                    || (targetQty != null && targetQty.stripTrailingZeros().scale() > 0);
            if (fractional && !crypto) {
                throw reject("quantity", "Alpaca replaces whole-share quantities only (" + qty.toPlainString()
                        + " for an order of " + (targetQty == null ? "?" : targetQty.toPlainString()) + ")");
            }
            body.put("qty", AlpacaJson.plain(qty));
        }
        if (o.limitPrice() != null && ("limit".equals(type) || "stop_limit".equals(type))
                && !same(o.limitPrice(), AlpacaJson.decimal(target, "limit_price"))) {
            requirePrice("limitPrice", o.limitPrice(), crypto);
            body.put("limit_price", AlpacaJson.plain(o.limitPrice()));
        }
        if (o.stopPrice() != null && ("stop".equals(type) || "stop_limit".equals(type))
                && !same(o.stopPrice(), AlpacaJson.decimal(target, "stop_price"))) {
            requirePrice("stopPrice", o.stopPrice(), crypto);
            body.put("stop_price", AlpacaJson.plain(o.stopPrice()));
        }
        if (o.timeInForce() != null && !o.timeInForce().name().equalsIgnoreCase(AlpacaJson.text(target, "time_in_force"))) {
            body.put("time_in_force", o.timeInForce().name().toLowerCase(Locale.ROOT));
        }
        if (body.isEmpty()) {
            throw reject("quantity", "the modify changes nothing on Alpaca order " + AlpacaJson.text(target, "id")
                    + " (quantity, prices and time in force are already as asked)");
        }
        body.put("client_order_id", o.id());
        return body;
    }

    static BrokerAck ack(JsonNode order, boolean foundOnLookup) {
        return new BrokerAck(AlpacaJson.text(order, "id"), AlpacaJson.text(order, "symbol"),
                AlpacaJson.text(order, "status"), foundOnLookup);
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return b != null && a.compareTo(b) == 0;
    }

    private static void requirePrice(String field, BigDecimal price, boolean crypto) {
        requirePrice(field, price, crypto, false);
    }

    private static void requirePrice(String field, BigDecimal price, boolean crypto, boolean optional) {
        if (price == null) {
            if (optional) {
                return;
            }
            throw reject(field, "is required for this order type");
        }
        if (price.signum() <= 0) {
            throw reject(field, "must be greater than zero, was " + price.toPlainString());
        }
        int maxScale = crypto ? 9 : price.compareTo(BigDecimal.ONE) >= 0 ? 2 : 4;
        if (price.stripTrailingZeros().scale() > maxScale) {
            throw reject(field, price.toPlainString() + " has a sub-penny increment Alpaca does not accept (at most "
                    + maxScale + " decimals)");
        }
    }

    private static BrokerRejectedException reject(String field, String message) {
        return new BrokerRejectedException(field + ": " + message);
    }
}
