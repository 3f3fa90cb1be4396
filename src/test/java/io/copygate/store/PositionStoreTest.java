package io.copygate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.signal.Fill;
import io.copygate.signal.Instrument;
import io.copygate.signal.Side;
import io.copygate.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Positions from fills on PostgreSQL: concurrency, idempotency and realized P&L. */
class PositionStoreTest {
    private static final Instrument ES = Instrument.future("ES", YearMonth.of(2026, 12));

    private static Fill fill(String id, Side side, String qty, String price) {
        return new Fill("acct", id, "B-" + id, null, ES, side, new BigDecimal(qty), new BigDecimal(price), new BigDecimal("2.5"), Instant.now());
    }

    @Test
    void concurrentFirstFillsAllCountAndARepeatedFillCountsOnce() throws Exception {
        try (TestDatabase tdb = TestDatabase.postgres(); Database db = new Database(tdb.url(), tdb.user(), "", 20)) {
            PositionStore positions = new PositionStore(db, Clock.systemUTC());
            ExecutorService pool = Executors.newFixedThreadPool(20);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = "f" + i;
                results.add(pool.submit(() -> positions.apply(fill(id, Side.BUY, "1", "6000"), new BigDecimal("50"))));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(), "every first fill is applied");
            }
            pool.shutdown();
            assertEquals(new BigDecimal("20"), positions.quantity("acct", ES.symbol()));
            assertFalse(positions.apply(fill("f3", Side.BUY, "1", "6000"), new BigDecimal("50")), "a redelivered fill is ignored");
            assertEquals(new BigDecimal("20"), positions.quantity("acct", ES.symbol()));

            // sell 25 at 6010: closes 20 (+10 points × 50 × 20 = 10000, less the fee) and opens 5 short at 6010
            positions.apply(fill("s1", Side.SELL, "25", "6010"), new BigDecimal("50"));
            PositionStore.Position p = positions.positions("acct").get(0);
            assertEquals(new BigDecimal("-5"), p.quantity());
            assertEquals(0, new BigDecimal("6010").compareTo(p.averagePrice()));
            assertEquals(0, new BigDecimal("9947.5").compareTo(p.realizedPnl()), "10000 minus 21 fees of 2.5: " + p.realizedPnl());
        }
    }
}
