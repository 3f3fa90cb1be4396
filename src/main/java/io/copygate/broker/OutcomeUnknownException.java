package io.copygate.broker;

/**
 * The request may have reached the broker but no answer came back (a timeout after sending, a
 * 5xx the venue documents as "status unknown"). Retried, and the retry first asks the broker for
 * the client order id, so an order that did arrive is never placed twice.
 */
public class OutcomeUnknownException extends BrokerUnavailableException {
    public OutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
