package io.copygate.broker;

import io.copygate.signal.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A venue's trading rules for one symbol: quantity step and minimum, price tick and minimum
 * notional. Every crypto venue publishes the same four facts under its own names (Binance
 * LOT_SIZE/PRICE_FILTER/NOTIONAL, Kraken lot_decimals/tick_size/ordermin/costmin, Coinbase
 * base_increment/quote_increment/base_min_size/quote_min_size), so sizing and the slippage guard
 * are one piece of code. A copy that cannot meet them is a skip with a reason, decided before the
 * venue is asked, never a reject surprise.
 *
 * @param venue        the venue's name, for the skip reason
 * @param venueSymbol  the symbol as the venue spells it
 * @param stepSize     quantities are multiples of this (null: any)
 * @param minQuantity  smallest quantity (null: none)
 * @param maxQuantity  largest quantity (null: none)
 * @param tickSize     prices are multiples of this (null: any)
 * @param minNotional  smallest quantity × price (null: none)
 */
public record SymbolRules(String venue, String venueSymbol, BigDecimal stepSize, BigDecimal minQuantity,
                          BigDecimal maxQuantity, BigDecimal tickSize, BigDecimal minNotional) {

    public SymbolRules {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(venueSymbol, "venueSymbol");
        stepSize = positiveOrNull(stepSize);
        minQuantity = positiveOrNull(minQuantity);
        maxQuantity = positiveOrNull(maxQuantity);
        tickSize = positiveOrNull(tickSize);
        minNotional = positiveOrNull(minNotional);
    }

    /** A quantity the venue will take, or the reason the copy is skipped. */
    public record Sized(BigDecimal quantity, String skipReason) {
        public boolean isSkip() {
            return skipReason != null;
        }
    }

    /**
     * Rounds the quantity down to the step (never more than the master asked for) and checks the
     * minimums. {@code price} is the price the notional is judged at (the limit price, or the
     * master's price for a market order); null skips the notional check.
     */
    public Sized round(BigDecimal quantity, BigDecimal price) {
        if (quantity == null || quantity.signum() <= 0) {
            return new Sized(null, "quantity must be greater than zero for " + venue + " " + venueSymbol);
        }
        BigDecimal rounded = floorTo(quantity, stepSize);
        if (rounded.signum() == 0) {
            return skip("quantity " + plain(quantity) + " rounds down to 0 at " + venue + "'s step "
                    + plain(stepSize) + " for " + venueSymbol);
        }
        if (minQuantity != null && rounded.compareTo(minQuantity) < 0) {
            return skip("quantity " + plain(rounded) + " is below " + venue + "'s minimum " + plain(minQuantity)
                    + " for " + venueSymbol);
        }
        if (maxQuantity != null && rounded.compareTo(maxQuantity) > 0) {
            return skip("quantity " + plain(rounded) + " is above " + venue + "'s maximum " + plain(maxQuantity)
                    + " for " + venueSymbol);
        }
        if (minNotional != null && price != null) {
            BigDecimal notional = rounded.multiply(price);
            if (notional.compareTo(minNotional) < 0) {
                return skip("notional " + plain(notional) + " (" + plain(rounded) + " × " + plain(price)
                        + ") is below " + venue + "'s minimum " + plain(minNotional) + " for " + venueSymbol);
            }
        }
        return new Sized(rounded, null);
    }

    /**
     * A limit price on the tick, never worse for the follower than the master's: a buy rounds
     * down, a sell rounds up.
     */
    public BigDecimal limitPrice(Side side, BigDecimal price) {
        if (price == null || tickSize == null) {
            return clean(price);
        }
        return side == Side.BUY ? floorTo(price, tickSize) : ceilTo(price, tickSize);
    }

    /** A trigger price on the nearest tick. */
    public BigDecimal stopPrice(BigDecimal price) {
        if (price == null || tickSize == null) {
            return clean(price);
        }
        return clean(price.divide(tickSize, 0, RoundingMode.HALF_UP).multiply(tickSize));
    }

    /**
     * The slippage guard: the worst price a market copy may fill at, the master's price moved by
     * {@code maxSlippage} (a fraction: 0.005 = 0.5%) against the follower and rounded to the tick
     * inside that bound. The venue mapper sends it as an immediate-or-cancel limit order.
     */
    public BigDecimal slippageLimit(Side side, BigDecimal masterPrice, BigDecimal maxSlippage) {
        if (masterPrice == null || masterPrice.signum() <= 0) {
            throw new IllegalArgumentException("the slippage guard needs the master's price (referencePrice)");
        }
        if (maxSlippage == null || maxSlippage.signum() < 0 || maxSlippage.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("maxSlippage must be a fraction in [0, 1), was " + maxSlippage);
        }
        BigDecimal bound = side == Side.BUY
                ? masterPrice.multiply(BigDecimal.ONE.add(maxSlippage))
                : masterPrice.multiply(BigDecimal.ONE.subtract(maxSlippage));
        if (tickSize == null) {
            return clean(bound);
        }
        return side == Side.BUY ? floorTo(bound, tickSize) : ceilTo(bound, tickSize);
    }

    private Sized skip(String reason) {
        return new Sized(null, reason);
    }

    static BigDecimal floorTo(BigDecimal value, BigDecimal step) {
        if (step == null) {
            return clean(value);
        }
        return clean(value.divide(step, 0, RoundingMode.DOWN).multiply(step));
    }

    static BigDecimal ceilTo(BigDecimal value, BigDecimal step) {
        return clean(value.divide(step, 0, RoundingMode.UP).multiply(step));
    }

    /** Without trailing zeros, never in exponent form (60300, not 6.03E+4). */
    public static BigDecimal clean(BigDecimal v) {
        if (v == null) {
            return null;
        }
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static BigDecimal positiveOrNull(BigDecimal v) {
        return v == null || v.signum() <= 0 ? null : v;
    }

    private static String plain(BigDecimal v) {
        return v == null ? "none" : clean(v).toPlainString();
    }
}
