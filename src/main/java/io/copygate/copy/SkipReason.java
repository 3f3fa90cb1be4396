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
    public static final String INSTRUMENT_MAP = "INSTRUMENT_MAP";

    // risk guards (RiskGuards)
    public static final String KILL_SWITCH = "KILL_SWITCH";
    public static final String SIGNAL_STALE = "SIGNAL_STALE";
    public static final String OUTSIDE_TRADING_HOURS = "OUTSIDE_TRADING_HOURS";
    public static final String BRACKET_REQUIRED = "BRACKET_REQUIRED";
    public static final String MAX_ORDER_QUANTITY = "MAX_ORDER_QUANTITY";
    public static final String MAX_POSITION = "MAX_POSITION";
    public static final String MAX_OPEN_ORDERS = "MAX_OPEN_ORDERS";
    public static final String ORDERS_PER_MINUTE = "ORDERS_PER_MINUTE";
    public static final String DAILY_LOSS_LIMIT = "DAILY_LOSS_LIMIT";
    public static final String DAILY_PROFIT_TARGET = "DAILY_PROFIT_TARGET";
    public static final String TRAILING_DRAWDOWN = "TRAILING_DRAWDOWN";
    public static final String PNL_UNAVAILABLE = "PNL_UNAVAILABLE";
    public static final String MAX_SLIPPAGE = "MAX_SLIPPAGE";
    public static final String RISK_RULES_INVALID = "RISK_RULES_INVALID";
    /** Sizing by equity and the master's or follower's equity is not known (or too old) right now. */
    public static final String EQUITY_UNKNOWN = "EQUITY_UNKNOWN";
    /** Sizing by risk % and the signal carries no price to divide by. */
    public static final String NO_PRICE = "NO_PRICE";

    private SkipReason() {
    }
}
