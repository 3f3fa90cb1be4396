package io.copygate.copy;

import io.copygate.signal.Signal;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * follower quantity = amount / (price × point value): each entry buys a fixed money amount of the
 * instrument whatever the master's size (10,000 of a 200 share = 50 shares; 300,000 of ES at 6,000 with
 * its point value 50 = 1 contract). Needs no equity. The price is the order's limit, else its stop, else
 * the master's reference price; none is a recorded skip. A changed master order keeps the copy's quantity.
 */
record NotionalSizing(BigDecimal amount, BigDecimal pointValue) implements SizingRule {
    private static final MathContext PRECISION = MathContext.DECIMAL128;

    @Override
    public Sized size(Signal signal, BigDecimal masterQuantity, CopyLink link, AccountEquity equity) {
        BigDecimal price = SizingRule.orderPrice(signal);
        if (price == null) {
            return Sized.skip(SkipReason.NO_PRICE, "notional needs a price and the signal carries none (no limit, stop or reference price)");
        }
        BigDecimal raw = amount.divide(price.multiply(pointValue), PRECISION);
        return Sized.of(raw, "notional " + SizingRule.plain(amount) + " / (price " + SizingRule.plain(price) + " × point value "
                + SizingRule.plain(pointValue) + ") = " + SizingRule.plain(raw.round(new MathContext(12))));
    }

    @Override
    public boolean followsMasterQuantity() {
        return false;
    }
}
