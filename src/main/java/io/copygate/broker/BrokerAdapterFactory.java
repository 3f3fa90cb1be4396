package io.copygate.broker;

/**
 * How a broker module joins the gateway: listed in
 * {@code META-INF/services/io.copygate.broker.BrokerAdapterFactory}, found at start-up, given the
 * gateway's shared pieces. Adding a broker needs no change to the gateway's wiring; a destination for
 * it is one YAML file (docs/writing-routes.md).
 */
public interface BrokerAdapterFactory {

    BrokerAdapter create(BrokerContext context);

    /** The broker's account feed (order and fill stream), or null when it has none. */
    default AccountFeedFactory feeds(BrokerContext context) {
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
