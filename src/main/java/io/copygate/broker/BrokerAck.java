package io.copygate.broker;

/**
 * The broker's acceptance of a copy order.
 *
 * @param brokerOrderId the broker's own id for the order
 * @param brokerSymbol  the symbol as the broker named it (for the order history)
 * @param status        the broker's order status in its own words (e.g. {@code new}, {@code filled})
 * @param foundOnLookup true when the order was not sent now but found at the broker by its client
 *                      order id (an earlier attempt had reached it)
 */
public record BrokerAck(String brokerOrderId, String brokerSymbol, String status, boolean foundOnLookup) {

    public BrokerAck asFoundOnLookup() {
        return new BrokerAck(brokerOrderId, brokerSymbol, status, true);
    }
}
