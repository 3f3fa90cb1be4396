package io.copygate.store;

/** A delivery step found the order in a state that does not allow it (or no such order). */
public class OrderNotDeliverableException extends RuntimeException {
    private final String state;

    public OrderNotDeliverableException(String orderId, String state) {
        super(state == null ? "no copy order " + orderId : "copy order " + orderId + " is " + state);
        this.state = state;
    }

    /** The order's current state, or null when it does not exist. */
    public String state() {
        return state;
    }
}
