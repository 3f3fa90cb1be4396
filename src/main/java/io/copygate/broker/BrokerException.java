package io.copygate.broker;

/**
 * Why a broker call did not succeed. The subclasses are the error classes the destination routes
 * treat differently: a reject is final, unavailability is retried with backoff, a rate limit waits
 * for the broker's Retry-After, an unknown outcome is looked up before anything is re-sent.
 */
public abstract class BrokerException extends RuntimeException {
    protected BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
