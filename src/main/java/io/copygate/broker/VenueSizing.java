package io.copygate.broker;

import io.copygate.signal.CopyOrder;
import java.math.BigDecimal;

/**
 * An adapter whose venue has quantity steps and minimum sizes or notionals (crypto exchanges) rounds
 * a planned order to them before it is journaled, so a copy under the venue's minimum is a recorded
 * skip with the reason, never a reject surprise.
 */
public interface VenueSizing {

    /** The order's quantity rounded to the venue's step, or the reason the venue would refuse it. */
    SymbolRules.Sized size(CopyOrder order, BrokerAccount account);

    /** A market copy turned into a marketable limit at most {@code maxSlippage} (a fraction) from the master's price. */
    CopyOrder guardSlippage(CopyOrder order, BrokerAccount account, BigDecimal maxSlippage);
}
