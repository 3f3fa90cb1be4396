package io.copygate.copy;

import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reconciliation's comparison, free of I/O: what a follower should hold for a master's position under a
 * link's rules, and how what it holds compares. The effects (journaling a correction, a kill switch) live
 * in {@code delivery.Reconciliations}; the rules are documented in docs/copy-rules.md, "Reconciliation".
 */
public final class PositionDrift {
    private PositionDrift() {
    }

    public enum Kind { MATCHED, MISMATCHED, MISSING, DUPLICATE, ERROR }

    /** The follower's instrument and expected signed quantity for one master position, or why there is none. */
    public record Expected(Instrument followerInstrument, BigDecimal quantity, String error) {
        static Expected error(Instrument follower, String why) {
            return new Expected(follower, null, why);
        }
    }

    /**
     * The expected follower position for a master's signed position: the master's quantity through the link's
     * instrument map, then its sizing (multiplier: × multiplier; fixedQuantity: sign × fixedQuantity;
     * equityRatio and riskPercent size each entry from equity at that moment, so no position can be derived:
     * an error), reversed when the link reverses, rounded toward zero to the follower's quantity step.
     */
    public static Expected expected(CopyRules rules, Instrument master, BigDecimal masterQuantity, InstrumentMaps maps,
                                    BigDecimal lotStep) {
        Instrument follower = rules.followerInstrument(master);
        BigDecimal q = masterQuantity;
        if (master.assetClass() == AssetClass.FUTURE && master.root() != null) {
            String to = rules.mapInstrument().get(master.root());
            if (to != null) {
                BigDecimal converted = maps.convert(q, master.root(), to);
                if (converted == null) {
                    return Expected.error(master, "mapInstrument " + master.root() + " → " + to
                            + " has no map in config/instruments.yaml");
                }
                follower = Instrument.future(to, master.expiry());
                q = converted;
            }
        }
        String mode = rules.sizing() != null ? rules.sizing().mode()
                : rules.fixedQuantity() != null ? Sizing.FIXED_QUANTITY : Sizing.MULTIPLIER;
        switch (mode) {
            case Sizing.MULTIPLIER -> q = q.multiply(rules.effectiveMultiplier());
            case Sizing.FIXED_QUANTITY -> q = rules.fixedQuantity().multiply(BigDecimal.valueOf(q.signum()));
            default -> {
                return Expected.error(follower, "sizing mode " + mode + " sizes each entry from equity at the time: "
                        + "no expected position can be derived, so this link is reported, never corrected");
            }
        }
        if (rules.isReverse()) {
            q = q.negate();
        }
        BigDecimal step = rules.quantityStep(lotStep);
        q = q.divide(step, 0, RoundingMode.DOWN).multiply(step);
        return new Expected(follower, q.stripTrailingZeros(), null);
    }

    /**
     * A comparison's outcome; {@code correction} is the signed quantity that would close the drift (zero when
     * matched), {@code effective} the follower's position with its in-flight market orders counted.
     */
    public record Verdict(Kind kind, BigDecimal effective, BigDecimal correction, String detail) {
    }

    /**
     * Compares the expected position with the follower's.
     *
     * @param actual             the follower's signed position from its fills
     * @param inFlight           signed unfilled quantity of market orders already on their way to the follower
     *                           (a correction placed by an earlier run): counted as held, so it is never placed twice
     * @param duplicateWorking   working copies beyond the first of any one master order
     * @param tolerance          a difference up to this counts as matched
     */
    public static Verdict classify(BigDecimal expected, BigDecimal actual, BigDecimal inFlight, int duplicateWorking,
                                   BigDecimal tolerance) {
        BigDecimal effective = actual.add(inFlight).stripTrailingZeros();
        BigDecimal diff = expected.subtract(effective);
        boolean within = diff.abs().compareTo(tolerance) <= 0;
        BigDecimal correction = within ? BigDecimal.ZERO : diff.stripTrailingZeros();
        String held = "expected " + plain(expected) + ", follower holds " + plain(effective)
                + (inFlight.signum() == 0 ? "" : " (" + plain(inFlight) + " in flight)");
        if (duplicateWorking > 0) {
            return new Verdict(Kind.DUPLICATE, effective, correction, duplicateWorking
                    + " working copy order(s) beyond the first of one master order; " + held);
        }
        if (within) {
            return new Verdict(Kind.MATCHED, effective, BigDecimal.ZERO, held);
        }
        if (expected.signum() != 0 && effective.signum() == 0) {
            return new Verdict(Kind.MISSING, effective, correction, held);
        }
        if (expected.signum() != 0 && effective.signum() == expected.signum() && effective.abs().compareTo(expected.abs()) > 0) {
            return new Verdict(Kind.DUPLICATE, effective, correction, held + ": more than expected in the master's direction");
        }
        return new Verdict(Kind.MISMATCHED, effective, correction, held);
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
