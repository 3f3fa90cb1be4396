package io.copygate.signal;

/**
 * Where a copy order is in the outbox. {@code planned} and {@code sent} are unfinished: recovery
 * resumes them after a crash. The rest are final until ops replay a dead letter.
 */
public enum CopyOrderState {
    /** Journaled with its signal, not yet handed to the broker. */
    PLANNED,
    /** Handed to the broker at least once; the outcome of the last attempt is not known yet. */
    SENT,
    /** The broker accepted it (it may since have filled; fills are recorded separately). */
    ACKED,
    /** The broker refused it; {@code lastError} holds the broker's reason verbatim. */
    REJECTED,
    /** Deliveries were exhausted; a dead letter waits for ops to replay or discard it. */
    DEAD,
    /** Ops discarded its dead letter: it will never be sent. */
    DISCARDED;

    public boolean isUnfinished() {
        return this == PLANNED || this == SENT;
    }

    public String dbValue() {
        return name().toLowerCase();
    }

    public static CopyOrderState fromDb(String value) {
        return valueOf(value.toUpperCase());
    }
}
