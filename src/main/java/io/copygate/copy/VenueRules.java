package io.copygate.copy;

import io.copygate.signal.CopyOrder;

/**
 * The follower's venue's own rules, applied to a planned entry: rounding to its quantity step, its
 * minimum size and notional, and the link's slippage guard. A planned order either comes back adjusted
 * or becomes a skip with the venue's reason.
 */
@FunctionalInterface
public interface VenueRules {

    Result apply(CopyOrder order, CopyRules rules);

    /** Either the (possibly adjusted) order, or why it cannot be sent. */
    record Result(CopyOrder order, String skipReason) {
        public static Result send(CopyOrder order) {
            return new Result(order, null);
        }

        public static Result skip(String reason) {
            return new Result(null, reason);
        }
    }

    /** Venues without such rules. */
    VenueRules NONE = (order, rules) -> Result.send(order);
}
