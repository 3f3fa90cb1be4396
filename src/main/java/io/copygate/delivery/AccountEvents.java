package io.copygate.delivery;

import io.copygate.broker.ExecutionListener;
import io.copygate.copy.InstrumentCatalog;
import io.copygate.signal.Fill;
import io.copygate.store.CopyOrderOutbox;
import io.copygate.store.PositionStore;
import java.math.BigDecimal;

/**
 * Where accounts' executions land: every fill moves its account's positions, and a follower's order
 * status updates its copy order. (A master's order events enter the pipeline through the
 * {@code account-feed} route source.)
 */
public final class AccountEvents implements ExecutionListener {
    private final PositionStore positions;
    private final CopyOrderOutbox outbox;
    private final InstrumentCatalog catalog;
    private final FollowerBrackets brackets;

    public AccountEvents(PositionStore positions, CopyOrderOutbox outbox, InstrumentCatalog catalog) {
        this(positions, outbox, catalog, null);
    }

    /** With the keeper of followers' brackets, told after every execution and copy order status (may be null). */
    public AccountEvents(PositionStore positions, CopyOrderOutbox outbox, InstrumentCatalog catalog, FollowerBrackets brackets) {
        this.positions = positions;
        this.outbox = outbox;
        this.catalog = catalog;
        this.brackets = brackets;
    }

    @Override
    public void onFill(Fill fill) {
        positions.apply(fill, catalog.spec(fill.instrument()).pointValue());
        if (brackets != null) {
            brackets.onAccountEvent(fill.account(), fill.instrument().symbol());
        }
    }

    @Override
    public void onOrderStatus(String account, String clientOrderId, String brokerOrderId, String status,
                              BigDecimal filledQuantity) {
        if (clientOrderId != null) {
            outbox.updateBrokerStatus(clientOrderId, status, filledQuantity);
            if (brackets != null) {
                io.copygate.signal.CopyOrder copy = outbox.find(clientOrderId);
                if (copy != null) {
                    brackets.onAccountEvent(copy.followerAccount(), copy.instrument().symbol());
                }
            }
        }
    }
}
