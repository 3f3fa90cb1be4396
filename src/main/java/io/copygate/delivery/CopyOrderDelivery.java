package io.copygate.delivery;

import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerAdapters;
import io.copygate.broker.DuplicateClientOrderIdException;
import io.copygate.broker.OutcomeUnknownException;
import io.copygate.signal.CopyOrder;
import io.copygate.store.AccountStore;
import io.copygate.store.AckWriter;
import io.copygate.store.CopyOrderOutbox;
import io.copygate.store.OrderNotDeliverableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one copy order to its broker and records the outcome: the destination routes' one step.
 * Each attempt is counted in the outbox before the broker is called; from the second attempt on the
 * broker is first asked whether it already holds the client order id (an earlier attempt may have
 * reached it before its answer was lost), and a broker's "duplicate client order id" is read as
 * "already placed". That is what makes retries, replays and crash recovery place an order once.
 *
 * <p>No call holds a thread while the broker answers ({@link BrokerAdapter#placeAsync}, and the lookup,
 * cancel and modify through their async forms), so
 * one master order fans out to hundreds of followers on a few threads; each follower's calls pass its
 * own circuit breaker, so a follower whose broker keeps failing fails fast instead of slowing the rest.
 * On a retryable failure the step sets the wait before the next retry ({@link RetrySchedule}); rejects
 * are left to the route's onException, which calls {@link #reject}.
 */
public final class CopyOrderDelivery extends AsyncProcessorSupport {
    private static final Logger LOG = LoggerFactory.getLogger(CopyOrderDelivery.class);
    public static final String BROKER_ORDER_ID = "copygateBrokerOrderId";
    /** Set by dispatch on an order whose first attempt {@link FirstAttempts} has already counted. */
    public static final String ATTEMPT_STARTED = "copygateAttemptStarted";

    private final CopyOrderOutbox outbox;
    private final AckWriter acks;
    private final BrokerAdapters adapters;
    private final BrokerAccounts accounts;
    private final AccountStore accountStore;
    private final RetrySchedule retries;
    private final FollowerCircuitBreakers breakers;
    private final HoldBack holdBack;

    /**
     * A last check before an order is sent, for state that can change after planning (a kill switch
     * engaged meanwhile): the skip to record instead of sending, or empty.
     */
    @FunctionalInterface
    public interface HoldBack {
        Optional<io.copygate.signal.CopySkip> check(CopyOrder order);
    }

    /** Records a held-back order as never to be sent, with its skip; false when it had moved on already. */
    @FunctionalInterface
    public interface HoldBackRecord {
        boolean record(String orderId, io.copygate.signal.CopySkip skip);
    }

    private final HoldBackRecord holdBackRecord;

    public CopyOrderDelivery(CopyOrderOutbox outbox, AckWriter acks, BrokerAdapters adapters, BrokerAccounts accounts,
                             AccountStore accountStore, RetrySchedule retries, FollowerCircuitBreakers breakers,
                             HoldBack holdBack, HoldBackRecord holdBackRecord) {
        this.acks = acks;
        this.holdBack = holdBack;
        this.holdBackRecord = holdBackRecord;
        this.outbox = outbox;
        this.adapters = adapters;
        this.accounts = accounts;
        this.accountStore = accountStore;
        this.retries = retries;
        this.breakers = breakers;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CopyOrder order = exchange.getIn().getBody(CopyOrder.class);
        // a retry of an order dispatch started counts its own attempt (and asks the broker first)
        boolean attemptStarted = exchange.getIn().getHeader(ATTEMPT_STARTED, false, Boolean.class)
                && exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) == 0;
        CompletableFuture<BrokerAck> delivery = start(order, attemptStarted);
        if (delivery.isDone()) {
            finish(exchange, order, delivery);
            callback.done(true);
            return true;
        }
        delivery.whenComplete((ack, failure) -> {
            finish(exchange, order, delivery);
            callback.done(false);
        });
        return false;
    }

    private CompletableFuture<BrokerAck> start(CopyOrder order, boolean attemptStarted) {
        try {
            return deliver(order, attemptStarted);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void finish(Exchange exchange, CopyOrder order, CompletableFuture<BrokerAck> delivery) {
        try {
            BrokerAck ack = delivery.join();
            exchange.getIn().setHeader(BROKER_ORDER_ID, ack == null ? null : ack.brokerOrderId());
        } catch (CompletionException | java.util.concurrent.CancellationException wrapped) {
            Throwable failure = wrapped.getCause() != null ? wrapped.getCause() : wrapped;
            if (failure instanceof OrderNotDeliverableException settled) {
                // a replay or recovery racing a delivery that already finished: nothing left to do
                LOG.info("copy order {} not delivered: {}", order.id(), settled.getMessage());
                return;
            }
            if (!(failure instanceof io.copygate.broker.BrokerRejectedException)) {
                scheduleRetry(exchange, order, failure);
            }
            exchange.setException(failure);
        }
    }

    private void scheduleRetry(Exchange exchange, CopyOrder order, Throwable failure) {
        try {
            outbox.recordAttemptError(order.id(), failure.getMessage());
        } catch (RuntimeException storeDown) {
            LOG.warn("copy order {}: cannot record the failed attempt: {}", order.id(), storeDown.getMessage());
        }
        int retry = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1;
        if (retries.allows(retry)) {
            long wait = retries.delayBefore(retry, failure).toMillis();
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, wait);
            LOG.warn("copy order {} to {} failed ({}); retry {} of {} in {} ms", order.id(), order.broker(),
                    failure.getMessage(), retry, retries.retries(), wait);
        }
    }

    /**
     * One delivery attempt: checks and counts it (unless {@link FirstAttempts} did both for the whole
     * signal), then places (asynchronously), cancels or changes the order and records the broker's ack.
     * Fails with the broker's error class.
     */
    public CompletableFuture<BrokerAck> deliver(CopyOrder planned, boolean attemptStarted) {
        CopyOrder order = attemptStarted ? planned : startAttempt(planned);
        BrokerAdapter adapter = adapters.of(order.broker());
        BrokerAccount account = accounts.of(order.followerAccount());
        CircuitBreaker breaker = breakers.acquire(order.followerAccount());
        long started = System.nanoTime();
        CompletableFuture<BrokerAck> call;
        try {
            call = switch (order.intent()) {
                case PLACE -> place(adapter, order, account);
                case CANCEL -> adapter.cancelAsync(order, account);
                case MODIFY -> adapter.modifyAsync(order, account);
            };
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.whenComplete((ack, failure) -> FollowerCircuitBreakers.record(breaker, started, unwrap(failure)))
                .thenApply(ack -> {
                    acks.markAcked(order.id(), ack.brokerOrderId(), ack.brokerSymbol(), ack.status());
                    LOG.info("copy order {} {} {} {} {} at {} acked as {}{}", order.id(), order.intent(), order.side(),
                            order.quantity() == null ? "" : order.quantity().toPlainString(), order.instrument(),
                            order.followerAccount(), ack.brokerOrderId(),
                            ack.foundOnLookup() ? " (found on lookup, not re-sent)" : "");
                    return ack;
                });
    }

    private CopyOrder startAttempt(CopyOrder planned) {
        Optional<io.copygate.signal.CopySkip> held = holdBack.check(planned);
        if (held.isPresent()) {
            holdBackRecord.record(planned.id(), held.get());
            LOG.warn("copy order {} held back: {}", planned.id(), held.get().reason());
            throw new OrderNotDeliverableException(planned.id(), "held back (" + held.get().reasonCode() + ")");
        }
        return outbox.startAttempt(planned.id());
    }

    private static CompletableFuture<BrokerAck> place(BrokerAdapter adapter, CopyOrder order, BrokerAccount account) {
        if (order.attempts() > 1) {
            // an earlier attempt may have reached the broker: ask before sending anything
            return adapter.findByClientOrderIdAsync(order, account).thenCompose(existing -> existing.isPresent()
                    ? CompletableFuture.completedFuture(existing.get().asFoundOnLookup())
                    : placeOnce(adapter, order, account));
        }
        return placeOnce(adapter, order, account);
    }

    private static CompletableFuture<BrokerAck> placeOnce(BrokerAdapter adapter, CopyOrder order, BrokerAccount account) {
        return adapter.placeAsync(order, account).exceptionallyCompose(failure -> {
            if (unwrap(failure) instanceof DuplicateClientOrderIdException duplicate) {
                return adapter.findByClientOrderIdAsync(order, account).thenApply(found -> found
                        .map(BrokerAck::asFoundOnLookup)
                        .orElseThrow(() -> new OutcomeUnknownException("the broker reports client order id " + order.id()
                                + " as taken but does not return it: " + duplicate.getMessage(), duplicate)));
            }
            return CompletableFuture.failedFuture(unwrap(failure));
        });
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** Retry predicate for the route's error handler: true while the schedule has a retry left. */
    public boolean shouldRetry(Integer redeliveryCounter) {
        return redeliveryCounter != null && retries.allows(redeliveryCounter);
    }

    /** The broker refused: the order is final with the broker's reason; a refused account is marked failed. */
    public void reject(CopyOrder order, Throwable reason) {
        String text = reason.getMessage();
        outbox.markRejected(order.id(), text);
        if (reason instanceof AccountFailedException) {
            accountStore.markFailed(order.followerAccount(), text);
            LOG.error("account {} marked failed: {}", order.followerAccount(), text);
        }
        LOG.warn("copy order {} rejected by {}: {}", order.id(), order.broker(), text);
    }
}
