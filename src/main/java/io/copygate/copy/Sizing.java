package io.copygate.copy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.Set;

/**
 * The {@code sizing:} part of a link's copy rules: which {@link SizingRule} sizes the follower's entries.
 * Written {@code sizing: {mode: equityRatio}} or {@code sizing: {mode: riskPercent, percent: 1}} in
 * {@code config/gateway.yaml}; without it the link sizes by {@code multiplier} / {@code fixedQuantity}.
 *
 * @param mode       {@code multiplier} (the default), {@code fixedQuantity}, {@code equityRatio} or {@code riskPercent}
 * @param percent    riskPercent only: the share of the follower's equity one entry may buy (1 = 1 %)
 * @param fractional true when the follower's account may hold fractional units: quantities are rounded down
 *                   to {@link SizingRule#FRACTIONAL_STEP} instead of the instrument's lot step
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Sizing(String mode, BigDecimal percent, Boolean fractional) {
    public static final String MULTIPLIER = "multiplier";
    public static final String FIXED_QUANTITY = "fixedQuantity";
    public static final String EQUITY_RATIO = "equityRatio";
    public static final String RISK_PERCENT = "riskPercent";
    static final Set<String> MODES = Set.of(MULTIPLIER, FIXED_QUANTITY, EQUITY_RATIO, RISK_PERCENT);

    public Sizing {
        if (mode == null || !MODES.contains(mode)) {
            throw new InvalidCopyRulesException("sizing.mode", "sizing.mode must be one of " + MODES.stream().sorted().toList()
                    + ", was " + (mode == null ? "missing" : "'" + mode + "'"));
        }
        if (RISK_PERCENT.equals(mode)) {
            if (percent == null || percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new InvalidCopyRulesException("sizing.percent", "sizing.percent must be above 0 and at most 100 for mode "
                        + "riskPercent, was " + (percent == null ? "missing" : percent.toPlainString()));
            }
        } else if (percent != null) {
            throw new InvalidCopyRulesException("sizing.percent", "sizing.percent only applies to mode riskPercent, not " + mode);
        }
    }

    public boolean allowsFractions() {
        return Boolean.TRUE.equals(fractional);
    }
}
