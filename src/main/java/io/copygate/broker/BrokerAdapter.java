package io.copygate.broker;

import io.copygate.signal.CopyOrder;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What copygate needs from a broker to deliver copy orders. One implementation per broker, in
 * {@code broker/<name>/}; each throws the {@link BrokerException} subclasses so that retry,
 * reject and dead-letter handling is the same for every broker. Adapters never retry on their
 * own: the destination route owns the retry schedule.
 */
public interface BrokerAdapter {

    /** The broker's name as accounts and destination routes spell it ({@code paper}, {@code alpaca}). */
    String broker();

    /**
     * Whether the adapter takes an entry's bracket with the entry itself (default): the broker runs the
     * stop-loss and take-profit natively (Alpaca {@code order_class: bracket}, Tradovate
     * {@code placeOSO}, TradeStation OSO, NinjaTrader), or the adapter refuses a bracket it cannot send.
     * An adapter that answers false ignores {@link CopyOrder#bracket()} on an entry, and the gateway
     * places the legs itself once the follower's entry fills, resizes them on partial fills, moves them
     * with the master's and cancels them when the position closes another way
     * ({@code delivery/FollowerBrackets}); such an adapter must take plain stop and limit orders.
     */
    default boolean takesBracketWithEntry() {
        return true;
    }

    /** Places a new order under {@code order.id()} as the client order id. */
    BrokerAck place(CopyOrder order, BrokerAccount account);

    /**
     * {@link #place} without holding the calling thread while the broker answers: what lets one master
     * order fan out to hundreds of followers on a few threads. Adapters on a non-blocking client
     * override it; the default places on the calling thread. Fails with the same error classes.
     */
    default CompletableFuture<BrokerAck> placeAsync(CopyOrder order, BrokerAccount account) {
        try {
            return CompletableFuture.completedFuture(place(order, account));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The order the broker holds under this copy order's client order id, if any. */
    Optional<BrokerAck> findByClientOrderId(CopyOrder order, BrokerAccount account);

    /** Cancels the working order whose client order id is {@code order.targetOrderId()}. */
    BrokerAck cancel(CopyOrder order, BrokerAccount account);

    /** Changes quantity/prices of the working order whose client order id is {@code order.targetOrderId()}. */
    BrokerAck modify(CopyOrder order, BrokerAccount account);

    /** {@link #findByClientOrderId} without holding the calling thread; the default asks on the calling thread. */
    default CompletableFuture<Optional<BrokerAck>> findByClientOrderIdAsync(CopyOrder order, BrokerAccount account) {
        return now(() -> findByClientOrderId(order, account));
    }

    /** {@link #cancel} without holding the calling thread; the default cancels on the calling thread. */
    default CompletableFuture<BrokerAck> cancelAsync(CopyOrder order, BrokerAccount account) {
        return now(() -> cancel(order, account));
    }

    /** {@link #modify} without holding the calling thread; the default changes on the calling thread. */
    default CompletableFuture<BrokerAck> modifyAsync(CopyOrder order, BrokerAccount account) {
        return now(() -> modify(order, account));
    }

    private static <T> CompletableFuture<T> now(java.util.function.Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
