package io.copygate.broker;

/**
 * How a broker adapter joins the gateway: listed in
 * {@code META-INF/services/io.copygate.broker.BrokerAdapterFactory}, found at start-up, given the
 * shared HTTP transport. Adding a broker needs no change to the gateway's wiring.
 */
public interface BrokerAdapterFactory {

    BrokerAdapter create(BrokerHttp http);

    /** The broker's account feed (order and fill stream), or null when it has none. */
    default AccountFeedFactory feeds(BrokerHttp http) {
        return null;
    }

    /**
     * Called once at start, after {@link #create}, for a broker whose accounts also reach the gateway on
     * their own (an add-on posting events, a dial-out connection): bind the beans and components its
     * route files name. Most brokers need nothing here.
     */
    default void start(BrokerGateway gateway) {
    }
}
