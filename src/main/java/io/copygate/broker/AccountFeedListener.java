package io.copygate.broker;

import io.copygate.signal.Signal;

/** Where an {@link AccountFeed} delivers. Implementations must be thread-safe. */
public interface AccountFeedListener extends ExecutionListener {

    /**
     * An order event of the account in canonical form (new, modify, cancel, fill), with
     * {@code source} = the broker and {@code sourceEventId} stable across redeliveries.
     * For a master account it is copied; for a follower it updates order state.
     */
    void onSignal(Signal signal);

    /** The feed connected, lost its connection or gave up; for health and logs. */
    default void onConnectionState(String state, String detail) {
    }
}
