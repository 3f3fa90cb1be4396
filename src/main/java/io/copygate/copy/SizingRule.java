package io.copygate.copy;

import io.copygate.signal.Signal;
import java.math.BigDecimal;

/**
 * How a link turns the master's quantity into the follower's, before rounding and limits. One small
 * class per {@link Sizing} mode; the planner only calls {@link #size} and then applies the same rounding
 * (down to the lot step, or {@link #FRACTIONAL_STEP} when the link's sizing allows fractions),
 * {@code maxQuantity} cap and {@code minQuantity} / zero skip to every mode. A new mode is a new class
 * and one line in {@link #of}.
 */
public interface SizingRule {
    /** Fractional quantities are rounded down to 9 decimals, the finest any supported venue accepts. */
    BigDecimal FRACTIONAL_STEP = new BigDecimal("0.000000001");

    /**
     * The follower's quantity before rounding with a sentence saying how it came about, or a skip.
     *
     * @param masterQuantity the master's quantity (an entry's, a changed order's, or a target's magnitude)
     */
    Sized size(Signal signal, BigDecimal masterQuantity, CopyLink link, AccountEquity equity);

    /** Whether a master changing its order's quantity changes the follower's (false: the copy keeps its own). */
    default boolean followsMasterQuantity() {
        return true;
    }

    /** Whether the rule reads account equity (the gateway keeps those accounts' equity cached). */
    default boolean needsEquity() {
        return false;
    }

    /** A sized quantity and how it was computed, or a skip code and its reason. */
    record Sized(BigDecimal quantity, String how, String skipCode, String skipReason) {
        public static Sized of(BigDecimal quantity, String how) {
            return new Sized(quantity, how, null, null);
        }

        public static Sized skip(String code, String reason) {
            return new Sized(null, null, code, reason);
        }

        public boolean skipped() {
            return skipCode != null;
        }
    }

    /** The rule a link's copy rules name, for questions about the rule itself (which accounts need equity). */
    static SizingRule of(CopyRules rules) {
        return of(rules, null);
    }

    /** The rule a link's copy rules name, sizing in {@code spec}'s instrument (its point value; null: 1). */
    static SizingRule of(CopyRules rules, InstrumentSpec spec) {
        BigDecimal pointValue = spec == null || spec.pointValue() == null ? BigDecimal.ONE : spec.pointValue();
        String mode = rules.sizing() != null ? rules.sizing().mode()
                : rules.fixedQuantity() != null ? Sizing.FIXED_QUANTITY : Sizing.MULTIPLIER;
        return switch (mode) {
            case Sizing.FIXED_QUANTITY -> new FixedQuantitySizing(rules.fixedQuantity());
            case Sizing.EQUITY_RATIO -> new EquityRatioSizing(rules.effectiveMultiplier());
            case Sizing.RISK_PERCENT -> EquityShareSizing.riskPercent(rules.sizing().percent(), pointValue);
            case Sizing.NOTIONAL -> new NotionalSizing(rules.sizing().amount(), pointValue);
            case Sizing.PERCENT_OF_EQUITY -> EquityShareSizing.percentOfEquity(rules.sizing().percent(), pointValue);
            default -> new MultiplierSizing(rules.effectiveMultiplier());
        };
    }

    /** The price an entry is valued at: its limit, else its stop, else the master's reference price; null when none. */
    static BigDecimal orderPrice(Signal signal) {
        BigDecimal price = signal.limitPrice() != null ? signal.limitPrice()
                : signal.stopPrice() != null ? signal.stopPrice() : signal.price();
        return price == null || price.signum() <= 0 ? null : price;
    }

    static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
