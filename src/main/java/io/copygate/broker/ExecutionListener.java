package io.copygate.broker;

import io.copygate.signal.Fill;

/** Where a broker reports what happened to an account's orders: executions and status changes. */
public interface ExecutionListener {

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
}
