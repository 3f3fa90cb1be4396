package io.copygate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.signal.AssetClass;
import io.copygate.signal.Fill;
import io.copygate.signal.Instrument;
import io.copygate.signal.Side;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The scheduled route (routes/pipeline/reconcile.yaml) on its own: runs every 300 ms find a drift and correct
 * it, and the runs that follow while the correction is in flight and after it filled place nothing more.
 */
class ReconciliationScheduleTest {

    @Test
    void scheduledRunsCorrectADriftExactlyOnce() {
        String yaml = "tenants:\n  - {id: t, name: Desk}\naccounts:\n"
                + "  - {id: m, tenant: t, broker: paper, }\n"
                + "  - {id: f, tenant: t, broker: paper}\n"
                + "links:\n  - {id: l, tenant: t, master: m, follower: f, rules: {reconcile: {correct: true, settleSeconds: 1}}}\n";
        try (TestDatabase db = TestDatabase.postgres();
             TestGateway gw = TestGateway.start(db, yaml, Map.of("copygate.reconcile.interval", "300ms"))) {
            AccountEvents events = gw.camel().getRegistry().lookupByNameAndType("accountEvents", AccountEvents.class);
            // the master's feed reports a fill of an order whose copy the gateway missed: the follower holds nothing
            fill(events, "m", "NQZ26", Side.BUY);
            gw.await("the schedule gives f its 2", Duration.ofSeconds(10), () -> position(db, "f").compareTo(new BigDecimal("2")) == 0);
            long runs = db.count("SELECT count(*) FROM reconciliation_runs WHERE trigger_kind = 'schedule'");
            gw.await("three more scheduled runs", Duration.ofSeconds(10), () ->
                    db.count("SELECT count(*) FROM reconciliation_runs WHERE trigger_kind = 'schedule' AND finished_at IS NOT NULL")
                            >= runs + 3);
            assertEquals(1, db.count("SELECT count(*) FROM copy_orders o JOIN signals s ON s.id = o.signal_id "
                    + "WHERE s.source = 'reconciliation'"), "one corrective order over all the runs");
            assertEquals(1, db.count("SELECT count(*) FROM reconciliation_results WHERE action = 'corrected'"));
            // runs within the first second saw the drift settling and left it alone
            assertTrue(db.count("SELECT count(*) FROM reconciliation_results WHERE classification = 'missing' AND action = 'none' "
                    + "AND detail LIKE '%settleSeconds 1%'") >= 1);
            assertTrue(db.count("SELECT count(*) FROM reconciliation_results r JOIN reconciliation_runs u ON u.id = r.run_id "
                    + "WHERE u.id = (SELECT max(id) FROM reconciliation_runs WHERE finished_at IS NOT NULL) "
                    + "AND r.classification = 'matched'") == 1, "the latest run reports matched");
        }
    }

    private static void fill(AccountEvents events, String account, String symbol, Side side) {
        events.onFill(new Fill(account, UUID.randomUUID().toString(), "manual-" + UUID.randomUUID(), "manual",
                Instrument.parse(symbol, AssetClass.FUTURE), side, new BigDecimal("2"), new BigDecimal("20000"), BigDecimal.ZERO,
                Instant.now()));
    }

    private static BigDecimal position(TestDatabase db, String account) {
        return ((BigDecimal) db.rows("SELECT COALESCE(SUM(quantity), 0) AS q FROM positions WHERE account_id = ?", account)
                .get(0).get("q")).stripTrailingZeros();
    }
}
