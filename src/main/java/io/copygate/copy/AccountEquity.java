package io.copygate.copy;

import java.math.BigDecimal;

/**
 * The equity of master and follower accounts as last read from their brokers, for sizing. Answers from
 * memory only: the planner never waits for a broker. An unknown or outdated equity comes back with the
 * reason, and the implementation refreshes it in the background.
 */
@FunctionalInterface
public interface AccountEquity {

    Reading of(String account);

    /** The account's equity, or (value null) why it is not known right now. */
    record Reading(BigDecimal value, String unknownReason) {
        public static Reading known(BigDecimal value) {
            return new Reading(value, null);
        }

        public static Reading unknown(String reason) {
            return new Reading(null, reason);
        }
    }

    /** No equity anywhere: links that size by equity record skips. */
    AccountEquity NONE = account -> Reading.unknown("no equity source is configured");
}
