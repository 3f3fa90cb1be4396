package io.copygate.broker;

/** The broker refused the order. Final: the order becomes {@code rejected} with this reason verbatim. */
public class BrokerRejectedException extends BrokerException {
    public BrokerRejectedException(String brokerReason) {
        super(brokerReason, null);
    }
}
