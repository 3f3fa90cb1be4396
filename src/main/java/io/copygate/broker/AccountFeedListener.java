package io.copygate.broker;

import io.copygate.signal.Fill;
import io.copygate.signal.Signal;

/** Where an {@link AccountFeed} delivers. Implementations must be thread-safe. */
public interface AccountFeedListener {

    /**
     * An order event of the account in canonical form (new, modify, cancel, fill), with
     * {@code source} = the broker and {@code sourceEventId} stable across redeliveries.
     * For a master account it is copied; for a follower it updates order state.
     */
    void onSignal(Signal signal);

    /** An execution on the account (master or follower): updates positions and P&amp;L. */
    void onFill(Fill fill);

    /**
     * The broker's status of one of the account's orders changed ({@code working}, {@code filled},
     * {@code partially_filled}, {@code cancelled}, {@code rejected}, {@code expired}).
     *
     * @param clientOrderId the copy order's id when copygate placed it, else null
     */
    default void onOrderStatus(String account, String clientOrderId, String brokerOrderId, String status,
                               java.math.BigDecimal filledQuantity) {
    }

    /** The feed connected, lost its connection or gave up; for health and logs. */
    default void onConnectionState(String state, String detail) {
    }
}
