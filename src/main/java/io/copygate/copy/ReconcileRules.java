package io.copygate.copy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * The {@code reconcile:} part of a link's copy rules: what reconciliation does when the follower's position
 * drifts from the master's scaled position. Without it a drift is only reported.
 *
 * @param correct   true: a drift is closed with ONE corrective market order (default false: report only)
 * @param onBreach  {@code none} (default) or {@code halt}: engage the link's kill switch (cancel + flatten);
 *                  halt wins over correct
 * @param tolerance a difference up to this many units (follower's instrument) counts as matched (default 0)
 * @param settleSeconds a drift is acted on only when neither position changed for this long (default 10): a
 *                  master's fill and its copy's are reported at slightly different times, and a drift seen in
 *                  between is not one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReconcileRules(Boolean correct, String onBreach, BigDecimal tolerance, Integer settleSeconds) {
    public static final ReconcileRules DEFAULT = new ReconcileRules(null, null, null, null);
    static final int DEFAULT_SETTLE_SECONDS = 10;

    public ReconcileRules {
        if (onBreach != null && !onBreach.equals("none") && !onBreach.equals("halt")) {
            throw new InvalidCopyRulesException("reconcile.onBreach", "reconcile.onBreach must be none or halt, was '"
                    + onBreach + "'");
        }
        if (tolerance != null && tolerance.signum() < 0) {
            throw new InvalidCopyRulesException("reconcile.tolerance", "reconcile.tolerance must be zero or more, was "
                    + tolerance.toPlainString());
        }
        if (settleSeconds != null && settleSeconds < 0) {
            throw new InvalidCopyRulesException("reconcile.settleSeconds", "reconcile.settleSeconds must be zero or more, was "
                    + settleSeconds);
        }
    }

    public java.time.Duration settle() {
        return java.time.Duration.ofSeconds(settleSeconds == null ? DEFAULT_SETTLE_SECONDS : settleSeconds);
    }

    public boolean corrects() {
        return Boolean.TRUE.equals(correct) && !halts();
    }

    public boolean halts() {
        return "halt".equals(onBreach);
    }

    public BigDecimal effectiveTolerance() {
        return tolerance == null ? BigDecimal.ZERO : tolerance;
    }
}
