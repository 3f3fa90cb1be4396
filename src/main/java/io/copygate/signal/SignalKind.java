package io.copygate.signal;

/** What a master's trading event asks the followers to do. */
public enum SignalKind {
    ORDER_NEW,
    ORDER_MODIFY,
    ORDER_CANCEL,
    FILL,
    /** Drive the follower to a (scaled) target position; target 0 closes it. */
    POSITION_TARGET,
    FLATTEN
}
