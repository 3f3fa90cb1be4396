package io.copygate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.copygate.signal.AssetClass;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderId;
import io.copygate.signal.CopyOrderState;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.signal.TimeInForce;
import io.copygate.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hot path's store pieces on PostgreSQL: cached rows see every write, acks in batches, first attempts together. */
class DeliveryStateTest {
    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void cachedAccountsAndRulesSeeEveryWrite() {
        try (TestDatabase tdb = TestDatabase.postgres(); Database db = new Database(tdb.url(), tdb.user(), "", 4)) {
            AccountStore accounts = new AccountStore(db, CLOCK);
            RiskStore risk = new RiskStore(db);
            accounts.upsertTenant("t1", "Tenant");
            accounts.upsertAccount("m1", "t1", "paper", "M1", "{}", "enc-m");
            accounts.upsertAccount("f1", "t1", "paper", "F1", "{}", "enc-1");
            accounts.upsertLink("l1", "t1", "m1", "f1", "active", "{\"multiplier\":1}");

            assertEquals("enc-1", accounts.account("f1").credentialsEnc());
            assertEquals("{\"multiplier\":1}", accounts.linkRulesJson("l1"));
            assertNull(risk.accountRiskJson("f1"));
            assertNull(accounts.account("nobody"));

            accounts.updateCredentials("f1", "enc-2");
            assertEquals("enc-2", accounts.account("f1").credentialsEnc(), "a rotated credential is seen at once");
            accounts.markFailed("f1", "refused");
            assertEquals("failed", accounts.account("f1").status());
            accounts.setStatus("f1", "active", null);
            assertEquals("active", accounts.account("f1").status());
            accounts.upsertLink("l1", "t1", "m1", "f1", "active", "{\"multiplier\":2}");
            assertEquals("{\"multiplier\":2}", accounts.linkRulesJson("l1"), "edited rules are seen at once");
            risk.setAccountRisk("f1", "{\"maxOrderQuantity\":3}");
            assertEquals("{\"maxOrderQuantity\":3}", risk.accountRiskJson("f1"));
            accounts.upsertAccount("nobody", "t1", "paper", "N", "{}", "enc-n");
            assertEquals("enc-n", accounts.account("nobody").credentialsEnc(), "a missing row is not cached as missing");
        }
    }

    @Test
    void firstAttemptsStartTogetherOnceAndAcksAreWrittenInBatches() {
        try (TestDatabase tdb = TestDatabase.postgres(); Database db = new Database(tdb.url(), tdb.user(), "", 4)) {
            CopyOrderOutbox outbox = new CopyOrderOutbox(db, CLOCK);
            List<CopyOrder> orders = journal(db, 300);
            List<String> ids = orders.stream().map(CopyOrder::id).toList();

            outbox.markRejected(ids.get(1), "refused"); // settled before dispatch got to it
            Set<String> others = new java.util.HashSet<>(ids);
            others.remove(ids.get(1));
            assertEquals(others, outbox.startFirstAttempts(ids), "every planned order starts, the settled one does not");
            assertEquals(Set.of(), outbox.startFirstAttempts(ids), "an attempt already started is not started again");
            for (String id : others) {
                CopyOrder o = outbox.find(id);
                assertEquals(CopyOrderState.SENT, o.state());
                assertEquals(1, o.attempts());
            }

            outbox.updateBrokerStatus(ids.get(0), "filled", BigDecimal.ONE); // the broker's event came before the ack
            AckWriter acks = new AckWriter(db, CLOCK);
            for (String id : ids) {
                acks.markAcked(id, "B-" + id, "AAPL", "new");
            }
            acks.close(); // writes what is queued
            CopyOrder first = outbox.find(ids.get(0));
            assertEquals(CopyOrderState.ACKED, first.state());
            assertEquals("filled", outbox.brokerDetails(ids.get(0)).get("brokerStatus"), "an ack never overwrites a later status");
            assertEquals(CopyOrderState.REJECTED, outbox.find(ids.get(1)).state(), "a settled order is not acked");
            for (String id : ids.subList(2, ids.size())) {
                assertEquals(CopyOrderState.ACKED, outbox.find(id).state());
                assertEquals("B-" + id, outbox.brokerDetails(id).get("brokerOrderId"));
            }
        }
    }

    private static List<CopyOrder> journal(Database db, int followers) {
        Instant now = CLOCK.instant();
        Instrument aapl = Instrument.parse("AAPL", AssetClass.EQUITY);
        Signal signal = Signal.builder().id("sig-1").tenant("t1").source("test").sourceEventId("e1").masterAccount("m1")
                .kind(SignalKind.ORDER_NEW).instrument(aapl).side(Side.BUY).quantity(BigDecimal.ONE)
                .orderType(OrderType.MARKET).timeInForce(TimeInForce.DAY).receivedTime(now).build();
        List<CopyOrder> orders = new ArrayList<>();
        for (int i = 1; i <= followers; i++) {
            orders.add(new CopyOrder(CopyOrderId.of(signal.id(), "f" + i), signal.id(), "l" + i, "t1", "f" + i, "paper",
                    OrderIntent.PLACE, null, aapl, Side.BUY, BigDecimal.ONE, OrderType.MARKET, null, null, TimeInForce.DAY,
                    null, null, CopyOrderState.PLANNED, 0, now, null));
        }
        new SignalJournal(db, java.time.Duration.ofSeconds(10), CLOCK).record(signal, orders, List.of());
        return orders;
    }
}
