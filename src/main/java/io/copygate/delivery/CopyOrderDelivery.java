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
import io.copygate.store.CopyOrderOutbox;
import io.copygate.store.OrderNotDeliverableException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one copy order to its broker and records the outcome: the destination routes' one step.
 * Each attempt is counted in the outbox before the broker is called; from the second attempt on the
 * broker is first asked whether it already holds the client order id (an earlier attempt may have
 * reached it before its answer was lost), and a broker's "duplicate client order id" is read as
 * "already placed". That is what makes retries, replays and crash recovery place an order once.
 *
 * <p>As a Camel processor it also sets the wait before the next retry ({@link RetrySchedule}) on a
 * retryable failure; rejects are left to the route's onException, which calls {@link #reject}.
 */
public final class CopyOrderDelivery implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(CopyOrderDelivery.class);
    public static final String BROKER_ORDER_ID = "copygateBrokerOrderId";

    private final CopyOrderOutbox outbox;
    private final BrokerAdapters adapters;
    private final BrokerAccounts accounts;
    private final AccountStore accountStore;
    private final RetrySchedule retries;

    public CopyOrderDelivery(CopyOrderOutbox outbox, BrokerAdapters adapters, BrokerAccounts accounts,
                             AccountStore accountStore, RetrySchedule retries) {
        this.outbox = outbox;
        this.adapters = adapters;
        this.accounts = accounts;
        this.accountStore = accountStore;
        this.retries = retries;
    }

    @Override
    public void process(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        CopyOrder order = exchange.getIn().getMandatoryBody(CopyOrder.class);
        try {
            BrokerAck ack = deliver(order);
            exchange.getIn().setHeader(BROKER_ORDER_ID, ack.brokerOrderId());
        } catch (OrderNotDeliverableException settled) {
            // a replay or recovery racing a delivery that already finished: nothing left to do
            LOG.info("copy order {} not delivered: {}", order.id(), settled.getMessage());
        } catch (io.copygate.broker.BrokerRejectedException reject) {
            throw reject;
        } catch (RuntimeException retryable) {
            outbox.recordAttemptError(order.id(), retryable.getMessage());
            int retry = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1;
            if (retries.allows(retry)) {
                long wait = retries.delayBefore(retry, retryable).toMillis();
                exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, wait);
                LOG.warn("copy order {} to {} failed ({}); retry {} of {} in {} ms", order.id(), order.broker(),
                        retryable.getMessage(), retry, retries.retries(), wait);
            }
            throw retryable;
        }
    }

    /** One delivery attempt; throws the broker's error class when it does not succeed. */
    public BrokerAck deliver(CopyOrder planned) {
        CopyOrder order = outbox.startAttempt(planned.id());
        BrokerAdapter adapter = adapters.of(order.broker());
        BrokerAccount account = accounts.of(order.followerAccount());
        BrokerAck ack = switch (order.intent()) {
            case PLACE -> place(adapter, order, account);
            case CANCEL -> adapter.cancel(order, account);
            case MODIFY -> adapter.modify(order, account);
        };
        outbox.markAcked(order.id(), ack.brokerOrderId(), ack.brokerSymbol(), ack.status());
        LOG.info("copy order {} {} {} {} {} at {} acked as {}{}", order.id(), order.intent(), order.side(),
                order.quantity() == null ? "" : order.quantity().toPlainString(), order.instrument(),
                order.followerAccount(), ack.brokerOrderId(), ack.foundOnLookup() ? " (found on lookup, not re-sent)" : "");
        return ack;
    }

    private static BrokerAck place(BrokerAdapter adapter, CopyOrder order, BrokerAccount account) {
        if (order.attempts() > 1) {
            Optional<BrokerAck> existing = adapter.findByClientOrderId(order, account);
            if (existing.isPresent()) {
                return existing.get().asFoundOnLookup();
            }
        }
        try {
            return adapter.place(order, account);
        } catch (DuplicateClientOrderIdException duplicate) {
            return adapter.findByClientOrderId(order, account).map(BrokerAck::asFoundOnLookup)
                    .orElseThrow(() -> new OutcomeUnknownException("the broker reports client order id " + order.id()
                            + " as taken but does not return it: " + duplicate.getMessage(), duplicate));
        }
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
