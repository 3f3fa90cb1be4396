package io.copygate.copy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.Set;

/**
 * The {@code sizing:} part of a link's copy rules: which {@link SizingRule} sizes the follower's entries.
 * Written {@code sizing: {mode: equityRatio}}, {@code sizing: {mode: riskPercent, percent: 1}},
 * {@code sizing: {mode: notional, amount: 5000}} or {@code sizing: {mode: percentOfEquity, percent: 10}} in
 * {@code config/gateway.yaml}; without it the link sizes by {@code multiplier} / {@code fixedQuantity}.
 *
 * @param mode       {@code multiplier} (the default), {@code fixedQuantity}, {@code equityRatio}, {@code riskPercent},
 *                   {@code notional} or {@code percentOfEquity}
 * @param percent    riskPercent and percentOfEquity only: the share of the follower's equity one entry may buy (1 = 1 %)
 * @param amount     notional only: the money amount (in the instrument's currency) each entry buys
 * @param fractional true when the follower's account may hold fractional units: quantities are rounded down
 *                   to {@link SizingRule#FRACTIONAL_STEP} instead of the instrument's lot step
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Sizing(String mode, BigDecimal percent, BigDecimal amount, Boolean fractional) {
    public static final String MULTIPLIER = "multiplier";
    public static final String FIXED_QUANTITY = "fixedQuantity";
    public static final String EQUITY_RATIO = "equityRatio";
    public static final String RISK_PERCENT = "riskPercent";
    public static final String NOTIONAL = "notional";
    public static final String PERCENT_OF_EQUITY = "percentOfEquity";
    static final Set<String> MODES = Set.of(MULTIPLIER, FIXED_QUANTITY, EQUITY_RATIO, RISK_PERCENT, NOTIONAL, PERCENT_OF_EQUITY);

    public Sizing {
        if (mode == null || !MODES.contains(mode)) {
            throw new InvalidCopyRulesException("sizing.mode", "sizing.mode must be one of " + MODES.stream().sorted().toList()
                    + ", was " + (mode == null ? "missing" : "'" + mode + "'"));
        }
        if (RISK_PERCENT.equals(mode) || PERCENT_OF_EQUITY.equals(mode)) {
            if (percent == null || percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new InvalidCopyRulesException("sizing.percent", "sizing.percent must be above 0 and at most 100 for mode "
                        + mode + ", was " + (percent == null ? "missing" : percent.toPlainString()));
            }
        } else if (percent != null) {
            throw new InvalidCopyRulesException("sizing.percent", "sizing.percent only applies to modes riskPercent and "
                    + "percentOfEquity, not " + mode);
        }
        if (NOTIONAL.equals(mode)) {
            if (amount == null || amount.signum() <= 0) {
                throw new InvalidCopyRulesException("sizing.amount", "sizing.amount must be above 0 for mode notional, was "
                        + (amount == null ? "missing" : amount.toPlainString()));
            }
        } else if (amount != null) {
            throw new InvalidCopyRulesException("sizing.amount", "sizing.amount only applies to mode notional, not " + mode);
        }
    }

    /** Modes that size from a money amount and a price, not from the master's quantity. */
    boolean sizesFromPrice() {
        return RISK_PERCENT.equals(mode) || NOTIONAL.equals(mode) || PERCENT_OF_EQUITY.equals(mode);
    }

    public boolean allowsFractions() {
        return Boolean.TRUE.equals(fractional);
    }
}
