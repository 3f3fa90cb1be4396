package io.copygate.copy;

/** Stable codes of the reasons a follower did not copy a signal. */
public final class SkipReason {
    public static final String LINK_PAUSED = "LINK_PAUSED";
    public static final String ACCOUNT_NOT_ACTIVE = "ACCOUNT_NOT_ACTIVE";
    public static final String SYMBOL_NOT_ALLOWED = "SYMBOL_NOT_ALLOWED";
    public static final String SYMBOL_DENIED = "SYMBOL_DENIED";
    public static final String QUANTITY_ZERO = "QUANTITY_ZERO";
    public static final String QUANTITY_BELOW_MIN = "QUANTITY_BELOW_MIN";
    public static final String NO_POSITION = "NO_POSITION";
    public static final String AT_TARGET = "AT_TARGET";
    public static final String NO_WORKING_ORDER = "NO_WORKING_ORDER";
    public static final String VENUE_RULES = "VENUE_RULES";
    /** Sizing by equity and the master's or follower's equity is not known (or too old) right now. */
    public static final String EQUITY_UNKNOWN = "EQUITY_UNKNOWN";
    /** Sizing by risk % and the signal carries no price to divide by. */
    public static final String NO_PRICE = "NO_PRICE";

    private SkipReason() {
    }
}
