package io.copygate.copy;

import io.copygate.signal.Signal;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * follower quantity = master quantity × follower equity / master equity (× multiplier, default 1): a
 * follower with a quarter of the master's equity takes a quarter of each trade. Both equities come from
 * the cache; either one unknown is a recorded skip, never a guess.
 */
record EquityRatioSizing(BigDecimal multiplier) implements SizingRule {
    private static final MathContext PRECISION = MathContext.DECIMAL128;

    @Override
    public Sized size(Signal signal, BigDecimal masterQuantity, CopyLink link, AccountEquity equity) {
        AccountEquity.Reading master = equity.of(link.masterAccount());
        if (master.value() == null) {
            return Sized.skip(SkipReason.EQUITY_UNKNOWN, "equity of master " + link.masterAccount() + " unknown: " + master.unknownReason());
        }
        if (master.value().signum() <= 0) {
            return Sized.skip(SkipReason.EQUITY_UNKNOWN, "equity of master " + link.masterAccount() + " is "
                    + SizingRule.plain(master.value()) + ", no ratio can be taken");
        }
        AccountEquity.Reading follower = equity.of(link.followerAccount());
        if (follower.value() == null) {
            return Sized.skip(SkipReason.EQUITY_UNKNOWN, "equity of follower " + link.followerAccount() + " unknown: "
                    + follower.unknownReason());
        }
        BigDecimal raw = masterQuantity.multiply(follower.value()).multiply(multiplier).divide(master.value(), PRECISION);
        String times = multiplier.compareTo(BigDecimal.ONE) == 0 ? "" : " × " + SizingRule.plain(multiplier);
        return Sized.of(raw.max(BigDecimal.ZERO), SizingRule.plain(masterQuantity) + " × equity " + SizingRule.plain(follower.value())
                + " / master equity " + SizingRule.plain(master.value()) + times + " = " + SizingRule.plain(raw.round(new MathContext(12))));
    }

    @Override
    public boolean needsEquity() {
        return true;
    }
}
