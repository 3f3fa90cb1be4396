package io.copygate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records brokers' acks behind the deliveries, in batches: every ack that arrived while the previous
 * batch was being written goes into the next one, in one transaction (group commit). A fan-out to 500
 * followers then costs a handful of commits for its acks, not 500, and no delivery thread waits for one.
 *
 * <p>Why an ack need not be durable before the gateway goes on: the order's attempt is (it was
 * committed before the order was sent), so an ack lost in a crash leaves the order {@code sent}, and
 * recovery asks the broker for its client order id instead of placing it again. For the same reason the
 * batch's commit does not wait for the PostgreSQL WAL flush.
 */
public final class AckWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AckWriter.class);
    private static final int MAX_BATCH = 1000;

    private record Ack(String id, String brokerOrderId, String brokerSymbol, String brokerStatus, Instant at) {
    }

    private final Database db;
    private final Clock clock;
    private final LinkedBlockingQueue<Ack> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean open = true;

    public AckWriter(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.writer = new Thread(this::run, "copygate-ack-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues the ack of a sent order; written within a commit's time. */
    public void markAcked(String id, String brokerOrderId, String brokerSymbol, String brokerStatus) {
        Ack ack = new Ack(id, brokerOrderId, brokerSymbol, brokerStatus, clock.instant());
        if (!open) {
            try {
                write(List.of(ack)); // after close: nobody drains the queue any more
            } catch (RuntimeException e) {
                LOG.warn("could not record the ack of copy order {}: {}", id, e.getMessage());
            }
            return;
        }
        queue.add(ack);
    }

    private void run() {
        List<Ack> batch = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                Ack first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the orders stay 'sent': recovery asks their brokers, so a lost ack never doubles an order
                LOG.warn("could not record {} broker acks: {}", batch.size(), e.getMessage());
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Ack> acks) {
        db.inTransaction(c -> {
            relaxCommit(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE copy_orders SET state = 'acked', broker_order_id = ?, "
                    + "broker_symbol = ?, broker_status = COALESCE(broker_status, ?), last_error = NULL, acked_at = ?, "
                    + "updated_at = ? WHERE id = ? AND state = 'sent'")) {
                for (Ack a : acks) {
                    Sql.bind(ps, a.brokerOrderId(), a.brokerSymbol(), a.brokerStatus(), a.at(), a.at(), a.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static void relaxCommit(Connection c) throws SQLException {
        if (c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
            try (var s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO OFF");
            }
        }
    }

    /** Writes what is queued, then stops; later acks are written one by one. */
    @Override
    public void close() {
        open = false;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
