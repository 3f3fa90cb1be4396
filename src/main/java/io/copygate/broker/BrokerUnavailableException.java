package io.copygate.broker;

/** The broker could not be reached or answered with a server error: retried with backoff. */
public class BrokerUnavailableException extends BrokerException {
    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public BrokerUnavailableException(String message) {
        super(message, null);
    }
}
