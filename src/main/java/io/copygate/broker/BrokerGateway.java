package io.copygate.broker;

import io.copygate.signal.Signal;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;

/**
 * What the gateway lends a broker module whose accounts also reach the gateway on their own — an
 * add-on posting its events, a trader's PC dialling in — once at start, through
 * {@link BrokerAdapterFactory#start}. The module binds the beans and components its route files
 * name; the routes stay the integration engineer's.
 */
public interface BrokerGateway {

    /** The gateway's Camel context: for the module's beans, components and property placeholders. */
    CamelContext camel();

    /** The broker's accounts as its adapter sees them (settings, decrypted credentials). */
    List<BrokerAccount> accounts(String broker);

    /**
     * The latest order signal ({@code ORDER_NEW}, {@code ORDER_MODIFY}, {@code ORDER_CANCEL}, {@code FLATTEN})
     * the journal holds for one order of a master, by its master order ref: how a source that reports an
     * order's every update tells a modification from a repeat and a first sighting from a later one.
     */
    Optional<Signal> lastOrderSignal(String masterAccount, String masterOrderRef);
}
