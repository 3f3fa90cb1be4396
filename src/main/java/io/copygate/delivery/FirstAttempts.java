package io.copygate.delivery;

import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderState;
import io.copygate.signal.CopySkip;
import io.copygate.store.CopyOrderOutbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatch step before a freshly journaled signal fans out: runs the delivery-time checks for all
 * its orders together, records the held-back ones, and counts the first attempt of the others in ONE
 * commit. Each order's attempt must be durable before it is sent (a restart then knows it may be at the
 * broker); doing that per signal rather than per order is what keeps a 500-follower fan-out from
 * waiting on 500 commits. Retries, replays and recovery still start their attempts one by one
 * ({@link CopyOrderDelivery}).
 */
public final class FirstAttempts {
    private static final Logger LOG = LoggerFactory.getLogger(FirstAttempts.class);

    private final DeliveryChecks checks;
    private final CopyOrderDelivery.HoldBackRecord holdBackRecord;
    private final CopyOrderOutbox outbox;

    public FirstAttempts(DeliveryChecks checks, CopyOrderDelivery.HoldBackRecord holdBackRecord, CopyOrderOutbox outbox) {
        this.checks = checks;
        this.holdBackRecord = holdBackRecord;
        this.outbox = outbox;
    }

    /** The orders to send now, each with its first attempt counted; held-back and settled ones are left out. */
    public List<CopyOrder> start(List<CopyOrder> orders) {
        Map<String, CopySkip> held = checks.checkAll(orders);
        List<String> sendable = new ArrayList<>();
        for (CopyOrder order : orders) {
            CopySkip skip = held.get(order.id());
            if (skip == null) {
                sendable.add(order.id());
            } else {
                holdBackRecord.record(order.id(), skip);
                LOG.warn("copy order {} held back: {}", order.id(), skip.reason());
            }
        }
        Set<String> started = outbox.startFirstAttempts(sendable);
        List<CopyOrder> toSend = new ArrayList<>(started.size());
        for (CopyOrder order : orders) {
            if (started.contains(order.id())) {
                toSend.add(order.withState(CopyOrderState.SENT).withAttempts(order.attempts() + 1));
            } else if (!held.containsKey(order.id())) {
                LOG.info("copy order {} not dispatched: it is no longer planned", order.id());
            }
        }
        return toSend;
    }
}
