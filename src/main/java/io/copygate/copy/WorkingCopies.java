package io.copygate.copy;

import io.copygate.signal.CopyOrder;
import java.util.List;

/** The copies a link placed for an instrument that may still be working at the follower's broker. */
@FunctionalInterface
public interface WorkingCopies {

    /**
     * @param symbol         null for every instrument (a flatten of everything)
     * @param masterOrderRef when not null, only copies of the master's order with this reference
     */
    List<CopyOrder> of(String linkId, String symbol, String masterOrderRef);
}
