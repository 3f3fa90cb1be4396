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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReconcileRules(Boolean correct, String onBreach, BigDecimal tolerance) {
    public static final ReconcileRules DEFAULT = new ReconcileRules(null, null, null);

    public ReconcileRules {
        if (onBreach != null && !onBreach.equals("none") && !onBreach.equals("halt")) {
            throw new InvalidCopyRulesException("reconcile.onBreach", "reconcile.onBreach must be none or halt, was '"
                    + onBreach + "'");
        }
        if (tolerance != null && tolerance.signum() < 0) {
            throw new InvalidCopyRulesException("reconcile.tolerance", "reconcile.tolerance must be zero or more, was "
                    + tolerance.toPlainString());
        }
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
