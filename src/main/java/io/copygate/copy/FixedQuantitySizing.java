package io.copygate.copy;

import io.copygate.signal.Signal;
import java.math.BigDecimal;

/** Every entry is the same quantity whatever the master traded; a changed master order leaves it alone. */
record FixedQuantitySizing(BigDecimal quantity) implements SizingRule {

    FixedQuantitySizing {
        if (quantity == null) {
            throw new InvalidCopyRulesException("fixedQuantity", "sizing mode fixedQuantity needs fixedQuantity");
        }
    }

    @Override
    public Sized size(Signal signal, BigDecimal masterQuantity, CopyLink link, AccountEquity equity) {
        return Sized.of(quantity, "fixedQuantity " + SizingRule.plain(quantity));
    }

    @Override
    public boolean followsMasterQuantity() {
        return false;
    }
}
