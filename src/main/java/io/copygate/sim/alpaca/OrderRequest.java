package io.copygate.sim.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.function.Function;
import java.util.function.Predicate;

/** A POST /v2/orders body that passed every check Alpaca documents (see {@link OrderRules}). */
record OrderRequest(String symbol, boolean crypto, String side, String type, String timeInForce, BigDecimal qty,
        BigDecimal notional, BigDecimal limit, BigDecimal stop, String orderClass, BigDecimal takeProfit,
        BigDecimal stopLoss, BigDecimal stopLossLimit, boolean extendedHours, String clientOrderId) {

    /**
     * @param prices       the market price of a symbol (the base price of brackets on market entries), or null
     * @param fractionable whether an asset takes fractional quantities and notional amounts
     */
    static OrderRequest parse(ObjectNode r, Function<String, BigDecimal> prices, Predicate<String> fractionable) {
        String symbol = SimJson.text(r, "symbol");
        String orderClass = normalizedClass(SimJson.text(r, "order_class"));
        if ("mleg".equals(orderClass)) {
            throw SimReject.unprocessable("mleg (multi-leg option) orders are not supported by this sandbox");
        }
        if (symbol == null) {
            throw SimReject.invalid("symbol is required");
        }
        OrderRules.requireKnownAsset(symbol);
        boolean crypto = OrderRules.isCrypto(symbol);
        String side = SimJson.text(r, "side");
        String type = SimJson.text(r, "type");
        String tif = SimJson.text(r, "time_in_force");
        OrderRules.requireOneOf("side", side, OrderRules.SIDES);
        OrderRules.requireOneOf("type", type, OrderRules.TYPES);
        OrderRules.requireOneOf("time_in_force", tif, OrderRules.TIFS);
        if ("trailing_stop".equals(type)) {
            throw SimReject.unprocessable("trailing_stop orders are not supported by this sandbox");
        }
        BigDecimal qty = SimJson.decimal(r, "qty");
        BigDecimal notional = SimJson.decimal(r, "notional");
        if (qty != null && notional != null) {
            throw new SimReject(400, 40010001, "qty and notional are mutually exclusive");
        }
        if (qty == null && notional == null) {
            throw SimReject.invalid("qty or notional is required");
        }
        OrderRules.requirePositive("qty", qty);
        OrderRules.requirePositive("notional", notional);
        OrderRules.requireScale("qty", qty);
        OrderRules.requireScale("notional", notional);

        JsonNode tpNode = r.path("take_profit");
        JsonNode slNode = r.path("stop_loss");
        BigDecimal takeProfit = tpNode.isObject() ? SimJson.decimal(tpNode, "limit_price") : null;
        BigDecimal stopLoss = slNode.isObject() ? SimJson.decimal(slNode, "stop_price") : null;
        BigDecimal stopLossLimit = slNode.isObject() ? SimJson.decimal(slNode, "limit_price") : null;
        BigDecimal limit = SimJson.decimal(r, "limit_price");
        BigDecimal stop = SimJson.decimal(r, "stop_price");
        if ("oco".equals(orderClass) && limit == null) {
            limit = takeProfit; // an OCO's own limit price is its take-profit
        }
        if ((type.equals("limit") || type.equals("stop_limit")) && limit == null) {
            throw SimReject.invalid("limit_price is required");
        }
        if ((type.equals("stop") || type.equals("stop_limit")) && stop == null) {
            throw SimReject.invalid("stop_price is required");
        }
        for (BigDecimal p : new BigDecimal[] {limit, stop, takeProfit, stopLoss, stopLossLimit}) {
            OrderRules.requirePositive("price", p);
        }
        boolean extendedHours = r.path("extended_hours").asBoolean(false);
        if (crypto) {
            OrderRules.crypto(type, tif, orderClass, notional);
        } else {
            OrderRules.requireTick("limit_price", limit);
            OrderRules.requireTick("stop_price", stop);
            OrderRules.requireTick("take_profit.limit_price", takeProfit);
            OrderRules.requireTick("stop_loss.stop_price", stopLoss);
            OrderRules.requireTick("stop_loss.limit_price", stopLossLimit);
            OrderRules.fractional(symbol, type, tif, orderClass, qty, notional, fractionable.test(symbol));
            if (extendedHours && !(type.equals("limit") && tif.equals("day"))) {
                throw SimReject.unprocessable("extended hours order must be DAY limit orders");
            }
            if (!orderClass.isEmpty()) {
                BigDecimal base = "oco".equals(orderClass) ? takeProfit
                        : type.equals("limit") ? limit : prices.apply(symbol);
                OrderRules.advanced(orderClass, side, type, tif, qty, notional, takeProfit, stopLoss, base);
            }
        }
        String clientOrderId = SimJson.text(r, "client_order_id");
        if (clientOrderId != null && clientOrderId.length() > 128) {
            throw SimReject.invalid("client_order_id must be no more than 128 characters");
        }

        return new OrderRequest(symbol, crypto, side, type, tif, qty, notional, limit, stop, orderClass, takeProfit,
                stopLoss, stopLossLimit, extendedHours, clientOrderId);
    }

    private static String normalizedClass(String orderClass) {
        if (orderClass == null || orderClass.equals("simple")) {
            return "";
        }
        OrderRules.requireOneOf("order_class", orderClass, OrderRules.CLASSES);
        return orderClass;
    }
}
