package io.copygate.copy;

import io.copygate.signal.Signal;
import java.math.BigDecimal;

/** follower quantity = master quantity × multiplier (the default rule, multiplier 1). */
record MultiplierSizing(BigDecimal multiplier) implements SizingRule {

    @Override
    public Sized size(Signal signal, BigDecimal masterQuantity, CopyLink link, AccountEquity equity) {
        BigDecimal raw = masterQuantity.multiply(multiplier);
        return Sized.of(raw, SizingRule.plain(masterQuantity) + " × " + SizingRule.plain(multiplier) + " = " + SizingRule.plain(raw));
    }
}
