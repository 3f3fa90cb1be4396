package io.copygate.delivery;

import io.copygate.signal.CopyOrder;
import io.copygate.store.AuditLog;
import io.copygate.store.CopyOrderOutbox;
import io.copygate.store.DeadLetterStore;
import io.copygate.store.OrderNotDeliverableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deliveries that ran out of retries, and what ops do about them: replay (same client order id) or discard. */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterStore store;
    private final CopyOrderOutbox outbox;
    private final AuditLog audit;
    private final FollowerCircuitBreakers breakers;

    /** The dead letter does not exist (404) or is not open any more (409). */
    public static final class DeadLetterStateException extends RuntimeException {
        private final int status;

        DeadLetterStateException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public DeadLetters(DeadLetterStore store, CopyOrderOutbox outbox, AuditLog audit, FollowerCircuitBreakers breakers) {
        this.store = store;
        this.outbox = outbox;
        this.audit = audit;
        this.breakers = breakers;
    }

    public long record(CopyOrder order, Throwable cause, String routeId) {
        String error = cause == null ? "unknown error" : cause.getMessage();
        long id = store.record(order.id(), routeId, cause == null ? null : cause.getClass().getName(), error);
        LOG.error("copy order {} to {} at {} is dead letter {} after its retries: {}", order.id(), order.broker(),
                order.followerAccount(), id, error);
        return id;
    }

    /** Re-opens the dead letter's order for delivery and returns it; the caller sends it to its destination. */
    public CopyOrder replay(long id, String actor) {
        DeadLetterStore.DeadLetter dl = open(id);
        if (!store.resolve(id, "replayed", actor)) {
            throw new DeadLetterStateException(409, "dead letter " + id + " was handled meanwhile");
        }
        try {
            CopyOrder order = outbox.reopen(dl.copyOrderId());
            breakers.reset(order.followerAccount()); // the operator says the follower's broker is back
            audit.record(actor, "dead-letter.replay", "dead_letter:" + id, "copy order " + dl.copyOrderId());
            return order;
        } catch (OrderNotDeliverableException e) {
            throw new DeadLetterStateException(409, "copy order of dead letter " + id + " cannot be replayed: " + e.getMessage());
        }
    }

    public void discard(long id, String actor) {
        open(id);
        if (!store.discard(id, actor)) {
            throw new DeadLetterStateException(409, "dead letter " + id + " was handled meanwhile");
        }
        audit.record(actor, "dead-letter.discard", "dead_letter:" + id, null);
    }

    private DeadLetterStore.DeadLetter open(long id) {
        DeadLetterStore.DeadLetter dl = store.find(id);
        if (dl == null) {
            throw new DeadLetterStateException(404, "no dead letter " + id);
        }
        if (!"open".equals(dl.status())) {
            throw new DeadLetterStateException(409, "dead letter " + id + " is already " + dl.status());
        }
        return dl;
    }
}
