package io.copygate.copy;

import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopySkip;
import io.copygate.signal.Signal;
import java.util.List;

/** What a signal becomes: one order per follower that copies it, one skip per follower that does not. */
public record CopyPlan(Signal signal, List<CopyOrder> orders, List<CopySkip> skips) {
    public CopyPlan {
        orders = List.copyOf(orders);
        skips = List.copyOf(skips);
    }
}
