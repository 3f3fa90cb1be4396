package io.copygate.sim.alpaca;

import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Alpaca refuses in an order request, checked before anything is created. Sources: the
 * OpenAPI document (CreateOrderRequest field notes), "Orders at Alpaca"
 * (https://docs.alpaca.markets/docs/orders-at-alpaca: bracket/OCO/OTO rules, sub-penny prices,
 * extended hours), "Fractional Trading" (https://docs.alpaca.markets/docs/fractional-trading) and
 * "Crypto Orders" (https://docs.alpaca.markets/docs/crypto-orders). Messages are Alpaca's where
 * its documentation quotes them.
 */
final class OrderRules {
    static final Set<String> SIDES = Set.of("buy", "sell");
    static final Set<String> TYPES = Set.of("market", "limit", "stop", "stop_limit", "trailing_stop");
    static final Set<String> TIFS = Set.of("day", "gtc", "opg", "cls", "ioc", "fok");
    static final Set<String> CLASSES = Set.of("simple", "bracket", "oco", "oto", "mleg", "");
    private static final Set<String> CRYPTO_TYPES = Set.of("market", "limit", "stop_limit");
    private static final Set<String> CRYPTO_TIFS = Set.of("gtc", "ioc");
    private static final Set<String> FRACTIONAL_TYPES = Set.of("market", "limit", "stop", "stop_limit");
    private static final Pattern EQUITY = Pattern.compile("[A-Z]{1,5}([.][A-Z]{1,2})?");
    private static final Pattern CRYPTO_PAIR = Pattern.compile("[A-Z0-9]{2,10}/(USD|USDT|USDC|BTC)");
    static final BigDecimal CENT = new BigDecimal("0.01");

    private OrderRules() {
    }

    static boolean isCrypto(String symbol) {
        return symbol.indexOf('/') > 0;
    }

    /** Equities by ticker, crypto as BASE/QUOTE; anything else is an unknown asset. */
    static void requireKnownAsset(String symbol) {
        if (!(EQUITY.matcher(symbol).matches() || CRYPTO_PAIR.matcher(symbol).matches())) {
            throw SimReject.invalid("asset \"" + symbol + "\" not found");
        }
    }

    static void requireOneOf(String field, String value, Set<String> allowed) {
        if (value == null) {
            throw SimReject.invalid(field + " is required");
        }
        if (!allowed.contains(value)) {
            throw SimReject.invalid("invalid " + field + " \"" + value + "\"");
        }
    }

    static void requirePositive(String field, BigDecimal value) {
        if (value != null && value.signum() <= 0) {
            throw SimReject.invalid(field + " must be > 0");
        }
    }

    static void requireScale(String field, BigDecimal value) {
        if (value != null && value.stripTrailingZeros().scale() > 9) {
            throw SimReject.invalid(field + " can take up to 9 decimal points");
        }
    }

    static boolean isFractional(BigDecimal qty) {
        return qty != null && qty.stripTrailingZeros().scale() > 0;
    }

    /** Equity prices: whole cents at or above $1, four decimals below (Alpaca's own error text). */
    static void requireTick(String field, BigDecimal price) {
        if (price == null) {
            return;
        }
        int maxScale = price.compareTo(BigDecimal.ONE) >= 0 ? 2 : 4;
        if (price.stripTrailingZeros().scale() > maxScale) {
            throw SimReject.unprocessable("invalid " + field + " " + price.toPlainString()
                    + ". sub-penny increment does not fulfill minimum pricing criteria");
        }
    }

    static void crypto(String type, String tif, String orderClass, BigDecimal notional) {
        if (!CRYPTO_TYPES.contains(type)) {
            throw SimReject.unprocessable("invalid order type for crypto order");
        }
        if (!CRYPTO_TIFS.contains(tif)) {
            throw SimReject.unprocessable("invalid crypto time_in_force");
        }
        if (!orderClass.isEmpty()) {
            throw SimReject.unprocessable("crypto orders support order_class simple only");
        }
        if (notional != null && !"market".equals(type)) {
            throw SimReject.unprocessable("notional orders must be market orders");
        }
    }

    /** Fractional quantities and notional amounts: day orders, simple class, fractionable assets. */
    static void fractional(String symbol, String type, String tif, String orderClass, BigDecimal qty,
            BigDecimal notional, boolean fractionable) {
        boolean fractionalQty = isFractional(qty);
        if (!fractionalQty && notional == null) {
            return;
        }
        if (!fractionable) {
            throw SimReject.unprocessable("requested asset is not fractionable");
        }
        if (!orderClass.isEmpty()) {
            throw SimReject.unprocessable("fractional orders must be simple orders");
        }
        if (!"day".equals(tif)) {
            throw SimReject.unprocessable("fractional orders must be DAY orders");
        }
        if (notional != null) {
            if (!"market".equals(type)) {
                throw SimReject.unprocessable("notional orders must be market orders");
            }
            if (notional.compareTo(BigDecimal.ONE) < 0) {
                throw SimReject.forbidden("notional amount must be at least $1.00");
            }
        } else if (!FRACTIONAL_TYPES.contains(type)) {
            throw SimReject.unprocessable("fractional orders must be market, limit, stop or stop_limit orders");
        }
    }

    /**
     * Bracket, OTO and OCO: DAY/GTC, whole shares, take-profit and stop-loss on the right sides of
     * the base price (entry limit, OCO take-profit, or the market price).
     */
    static void advanced(String orderClass, String side, String type, String tif, BigDecimal qty,
            BigDecimal notional, BigDecimal takeProfit, BigDecimal stopLoss, BigDecimal basePrice) {
        if (!"day".equals(tif) && !"gtc".equals(tif)) {
            throw SimReject.unprocessable("time_in_force must be day or gtc for " + orderClass + " orders");
        }
        if (notional != null || isFractional(qty)) {
            throw SimReject.unprocessable("fractional orders must be simple orders");
        }
        switch (orderClass) {
            case "bracket" -> {
                if (takeProfit == null || stopLoss == null) {
                    throw SimReject.unprocessable("bracket orders must have both take_profit and stop_loss");
                }
            }
            case "oco" -> {
                if (!"limit".equals(type)) {
                    throw SimReject.unprocessable("oco orders must be limit orders");
                }
                if (takeProfit == null || stopLoss == null) {
                    throw SimReject.unprocessable("oco orders must have both take_profit and stop_loss");
                }
            }
            case "oto" -> {
                if ((takeProfit == null) == (stopLoss == null)) {
                    throw SimReject.unprocessable("oto orders must have either take_profit or stop_loss");
                }
            }
            default -> throw SimReject.invalid("invalid order_class \"" + orderClass + "\"");
        }
        // exits of a long position sell: take-profit above the base price, stop-loss below it
        boolean longExit = "oco".equals(orderClass) ? "sell".equals(side) : "buy".equals(side);
        if (takeProfit != null && stopLoss != null
                && (longExit ? takeProfit.compareTo(stopLoss) <= 0 : takeProfit.compareTo(stopLoss) >= 0)) {
            throw SimReject.unprocessable("take_profit.limit_price must be " + (longExit ? "higher" : "lower")
                    + " than stop_loss.stop_price");
        }
        if (basePrice == null) {
            return;
        }
        if (takeProfit != null && !"oco".equals(orderClass)
                && (longExit ? takeProfit.compareTo(basePrice.add(CENT)) < 0
                        : takeProfit.compareTo(basePrice.subtract(CENT)) > 0)) {
            throw SimReject.unprocessable("take_profit.limit_price must be " + (longExit ? ">= base_price + 0.01"
                    : "<= base_price - 0.01"));
        }
        if (stopLoss != null
                && (longExit ? stopLoss.compareTo(basePrice.subtract(CENT)) > 0
                        : stopLoss.compareTo(basePrice.add(CENT)) < 0)) {
            throw SimReject.unprocessable("stop_loss.stop_price must be " + (longExit ? "<= base_price - 0.01"
                    : ">= base_price + 0.01"));
        }
    }
}
