package io.copygate.broker;

/**
 * The broker already holds an order with this client order id: an earlier attempt reached it.
 * Never an error for the copy: the placement looks the order up and records it as acknowledged.
 */
public class DuplicateClientOrderIdException extends BrokerException {
    public DuplicateClientOrderIdException(String brokerMessage) {
        super(brokerMessage, null);
    }
}
