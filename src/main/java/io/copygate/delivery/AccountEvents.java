package io.copygate.delivery;

import io.copygate.broker.AccountFeedListener;
import io.copygate.copy.InstrumentCatalog;
import io.copygate.signal.Fill;
import io.copygate.signal.Signal;
import io.copygate.store.CopyOrderOutbox;
import io.copygate.store.PositionStore;
import java.math.BigDecimal;
import java.util.function.Consumer;

/**
 * Where accounts' events land: a master's order events become signals (copied through the pipeline),
 * every account's fills move its positions, and a follower's order status updates its copy order.
 */
public final class AccountEvents implements AccountFeedListener {
    private final PositionStore positions;
    private final CopyOrderOutbox outbox;
    private final InstrumentCatalog catalog;
    private volatile Consumer<Signal> signals;

    public AccountEvents(PositionStore positions, CopyOrderOutbox outbox, InstrumentCatalog catalog) {
        this.positions = positions;
        this.outbox = outbox;
        this.catalog = catalog;
    }

    /** Where signals go (the pipeline); set once the routes are up. */
    public void sendSignalsTo(Consumer<Signal> pipeline) {
        this.signals = pipeline;
    }

    @Override
    public void onSignal(Signal signal) {
        Consumer<Signal> s = signals;
        if (s == null) {
            throw new IllegalStateException("signal pipeline not started yet");
        }
        s.accept(signal);
    }

    @Override
    public void onFill(Fill fill) {
        positions.apply(fill, catalog.spec(fill.instrument()).pointValue());
    }

    @Override
    public void onOrderStatus(String account, String clientOrderId, String brokerOrderId, String status,
                              BigDecimal filledQuantity) {
        if (clientOrderId != null) {
            outbox.updateBrokerStatus(clientOrderId, status, filledQuantity);
        }
    }
}
