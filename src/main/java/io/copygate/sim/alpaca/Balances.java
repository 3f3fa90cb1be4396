package io.copygate.sim.alpaca;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Function;

/** An account's money as Alpaca computes it: equity, margin, buying power, and the check every order must pass. */
final class Balances {
    private final Function<String, BigDecimal> prices;

    Balances(Function<String, BigDecimal> prices) {
        this.prices = prices;
    }

    /**
     * Alpaca's buying-power check, simplified: an opening order's value (quantity times its limit,
     * stop or the current price, or its notional) plus the open orders' value must fit the buying
     * power; a sell beyond the long position is a short, refused for cash accounts, crypto and
     * fractional quantities.
     */
    void checkBuyingPower(SimAccount a, OrderRequest q) {
        String symbol = q.symbol();
        BigDecimal qty = q.qty();
        BigDecimal notional = q.notional();
        BigDecimal opening;
        if ("sell".equals(q.side())) {
            BigDecimal held = a.positions.containsKey(symbol) ? a.positions.get(symbol).qty : BigDecimal.ZERO;
            BigDecimal available = held.max(BigDecimal.ZERO).subtract(openQty(a, symbol, "sell")).max(BigDecimal.ZERO);
            BigDecimal wanted = qty != null ? qty : notionalQty(symbol, notional);
            if (wanted == null || wanted.compareTo(available) <= 0) {
                return;
            }
            if (q.crypto() || a.multiplier < 2 || notional != null || OrderRules.isFractional(qty)) {
                throw SimReject.forbidden("insufficient qty available for order (requested: "
                        + SimJson.decimal(wanted) + ", available: " + SimJson.decimal(available) + ")");
            }
            opening = wanted.subtract(available);
        } else {
            opening = qty;
        }
        BigDecimal value = notional != null ? notional : orderValue(symbol, q.type(), opening, q.limit(), q.stop());
        BigDecimal available = buyingPower(a).subtract(openOrdersValue(a));
        if (value.compareTo(available) > 0) {
            throw SimReject.forbidden("insufficient buying power");
        }
    }

    BigDecimal notionalQty(String symbol, BigDecimal notional) {
        BigDecimal p = prices.apply(symbol);
        return notional == null || p == null ? null : notional.divide(p, 9, RoundingMode.DOWN);
    }

    private BigDecimal orderValue(String symbol, String type, BigDecimal qty, BigDecimal limit, BigDecimal stop) {
        BigDecimal price = switch (type) {
            case "limit", "stop_limit" -> limit;
            case "stop" -> stop;
            default -> prices.apply(symbol);
        };
        return price == null || qty == null ? BigDecimal.ZERO : price.multiply(qty);
    }

    private static BigDecimal openQty(SimAccount a, String symbol, String side) {
        BigDecimal sum = BigDecimal.ZERO;
        for (SimOrder o : a.open) {
            if (o.symbol.equals(symbol) && o.side.equals(side) && o.qty != null && o.parent == null) {
                sum = sum.add(o.remaining());
            }
        }
        return sum;
    }

    private BigDecimal openOrdersValue(SimAccount a) {
        BigDecimal sum = BigDecimal.ZERO;
        for (SimOrder o : a.open) {
            if (o.isBuy() && o.parent == null) {
                sum = sum.add(o.notional != null ? o.notional
                        : orderValue(o.symbol, o.type, o.remaining(), o.limitPrice, o.stopPrice));
            }
        }
        return sum;
    }

    BigDecimal marketValue(SimAccount.Position p) {
        BigDecimal price = prices.apply(p.symbol) != null ? prices.apply(p.symbol) : p.avgEntryPrice;
        return p.qty.multiply(price);
    }

    BigDecimal equity(SimAccount a) {
        BigDecimal equity = a.cash;
        for (SimAccount.Position p : a.positions.values()) {
            equity = equity.add(marketValue(p));
        }
        return equity;
    }

    /** As the Account schema describes it: cash for multiplier 1, else (equity - initial margin) x multiplier. */
    BigDecimal buyingPower(SimAccount a) {
        if (a.multiplier < 2) {
            return a.cash.max(BigDecimal.ZERO);
        }
        return equity(a).subtract(initialMargin(a)).max(BigDecimal.ZERO).multiply(BigDecimal.valueOf(a.multiplier));
    }

    BigDecimal initialMargin(SimAccount a) {
        BigDecimal gross = BigDecimal.ZERO;
        for (SimAccount.Position p : a.positions.values()) {
            gross = gross.add(marketValue(p).abs());
        }
        return gross.multiply(new BigDecimal("0.5"));
    }
}
