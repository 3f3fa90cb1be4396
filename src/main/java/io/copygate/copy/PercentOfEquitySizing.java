package io.copygate.copy;

import io.copygate.signal.Signal;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * follower quantity = follower equity × percent / 100 / (price × point value): each entry buys that share
 * of the follower's equity in the instrument's value (10 % of 100,000 in a 200 share = 50 shares). The
 * equity comes from the cache like equityRatio's; unknown is a recorded skip. The price is the order's
 * limit, else its stop, else the master's reference price; none is a recorded skip. A changed master
 * order keeps the copy's quantity.
 */
record PercentOfEquitySizing(BigDecimal percent, BigDecimal pointValue) implements SizingRule {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final MathContext PRECISION = MathContext.DECIMAL128;

    @Override
    public Sized size(Signal signal, BigDecimal masterQuantity, CopyLink link, AccountEquity equity) {
        BigDecimal price = SizingRule.orderPrice(signal);
        if (price == null) {
            return Sized.skip(SkipReason.NO_PRICE, "percentOfEquity needs a price and the signal carries none (no limit, stop or reference price)");
        }
        AccountEquity.Reading follower = equity.of(link.followerAccount());
        if (follower.value() == null) {
            return Sized.skip(SkipReason.EQUITY_UNKNOWN, "equity of follower " + link.followerAccount() + " unknown: "
                    + follower.unknownReason());
        }
        BigDecimal raw = follower.value().multiply(percent).divide(HUNDRED, PRECISION)
                .divide(price.multiply(pointValue), PRECISION).max(BigDecimal.ZERO);
        return Sized.of(raw, "equity " + SizingRule.plain(follower.value()) + " × " + SizingRule.plain(percent) + " % / (price "
                + SizingRule.plain(price) + " × point value " + SizingRule.plain(pointValue) + ") = "
                + SizingRule.plain(raw.round(new MathContext(12))));
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
