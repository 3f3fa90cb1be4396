package io.copygate.copy;

import io.copygate.signal.Signal;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Sizes an entry as a share of the follower's equity, whatever the master's size (the equity comes from
 * the cache like equityRatio's; unknown is a recorded skip; a changed master order keeps the copy's
 * quantity). The price is the order's limit, else its stop, else the master's reference price; none is a
 * recorded skip.
 * <ul>
 * <li>{@code percentOfEquity}: follower quantity = equity × percent / 100 / (price × point value) — that
 *     share of equity goes into the position (10 % of 100,000 at 200 a share = 50 shares).</li>
 * <li>{@code riskPercent}: follower quantity = equity × percent / 100 / (stop distance × point value) —
 *     that share of equity is what the position loses if its stop-loss is hit (1 % of 100,000 with ES
 *     stopped 10 points away at $50 a point = 2 contracts). An entry without a stop-loss risks its whole
 *     price, so it is sized as percentOfEquity.</li>
 * </ul>
 */
record EquityShareSizing(String mode, BigDecimal percent, BigDecimal pointValue, boolean byStopDistance) implements SizingRule {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final MathContext PRECISION = MathContext.DECIMAL128;

    static EquityShareSizing riskPercent(BigDecimal percent, BigDecimal pointValue) {
        return new EquityShareSizing(Sizing.RISK_PERCENT, percent, pointValue, true);
    }

    static EquityShareSizing percentOfEquity(BigDecimal percent, BigDecimal pointValue) {
        return new EquityShareSizing(Sizing.PERCENT_OF_EQUITY, percent, pointValue, false);
    }

    @Override
    public Sized size(Signal signal, BigDecimal masterQuantity, CopyLink link, AccountEquity equity) {
        BigDecimal price = SizingRule.orderPrice(signal);
        if (price == null) {
            return Sized.skip(SkipReason.NO_PRICE, mode + " needs a price and the signal carries none (no limit, stop or reference price)");
        }
        AccountEquity.Reading follower = equity.of(link.followerAccount());
        if (follower.value() == null) {
            return Sized.skip(SkipReason.EQUITY_UNKNOWN, "equity of follower " + link.followerAccount() + " unknown: "
                    + follower.unknownReason());
        }
        BigDecimal stop = byStopDistance && signal.bracket() != null ? signal.bracket().stopLoss() : null;
        BigDecimal perUnit = stop == null ? price : price.subtract(stop).abs();
        if (perUnit.signum() == 0) {
            return Sized.skip(SkipReason.NO_PRICE, mode + " cannot size an entry whose stop-loss " + SizingRule.plain(stop)
                    + " is at its price");
        }
        BigDecimal raw = follower.value().multiply(percent).divide(HUNDRED, PRECISION)
                .divide(perUnit.multiply(pointValue), PRECISION).max(BigDecimal.ZERO);
        String per = stop == null ? "price " + SizingRule.plain(price)
                : "stop distance |" + SizingRule.plain(price) + " − " + SizingRule.plain(stop) + "|";
        return Sized.of(raw, "equity " + SizingRule.plain(follower.value()) + " × " + SizingRule.plain(percent) + " % / ("
                + per + " × point value " + SizingRule.plain(pointValue) + ") = " + SizingRule.plain(raw.round(new MathContext(12))));
    }

    @Override
    public boolean followsMasterQuantity() {
        return false;
    }

    @Override
    public boolean needsEquity() {
        return true;
    }
}
