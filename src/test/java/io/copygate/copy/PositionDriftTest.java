package io.copygate.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.signal.Instrument;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reconciliation comparison: expected positions per sizing mode and each class. */
class PositionDriftTest {
    private static final InstrumentMaps MAPS = new InstrumentMaps(Map.of("ES", Map.of("MES", BigDecimal.TEN)));
    private static final Instrument ES = Instrument.future("ES", YearMonth.of(2026, 12));

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    private static PositionDrift.Expected expected(String rules, Instrument master, String qty) {
        return PositionDrift.expected(CopyRules.fromJson(rules), master, d(qty), MAPS, BigDecimal.ONE);
    }

    @Test
    void expectedPositionPerSizingMode() {
        assertEquals(0, d("4").compareTo(expected("{\"multiplier\":2}", ES, "2").quantity()));
        assertEquals(0, d("1").compareTo(expected("{\"multiplier\":0.5}", ES, "3").quantity()), "rounded toward zero to the lot");
        assertEquals(0, d("-1").compareTo(expected("{\"multiplier\":0.5}", ES, "-3").quantity()), "toward zero when short too");
        assertEquals(0, d("-5").compareTo(expected("{\"fixedQuantity\":5}", ES, "-2").quantity()), "sign × fixedQuantity");
        assertEquals(0, d("-2").compareTo(expected("{\"reverse\":true}", ES, "2").quantity()));
        PositionDrift.Expected mapped = expected("{\"mapInstrument\":{\"ES\":\"MES\"}}", ES, "2");
        assertEquals("MESZ26", mapped.followerInstrument().symbol());
        assertEquals(0, d("20").compareTo(mapped.quantity()), "ES → MES ×10");
        assertNull(mapped.error());
        PositionDrift.Expected equity = expected("{\"sizing\":{\"mode\":\"equityRatio\"}}", ES, "2");
        assertNull(equity.quantity());
        assertTrue(equity.error().contains("equityRatio"), equity.error());
        assertNotNull(expected("{\"sizing\":{\"mode\":\"riskPercent\",\"percent\":1}}", ES, "2").error());
    }

    @Test
    void eachClass() {
        assertEquals(PositionDrift.Kind.MATCHED, PositionDrift.classify(d("2"), d("2"), d("0"), 0, d("0")).kind());
        PositionDrift.Verdict missing = PositionDrift.classify(d("2"), d("0"), d("0"), 0, d("0"));
        assertEquals(PositionDrift.Kind.MISSING, missing.kind());
        assertEquals(0, d("2").compareTo(missing.correction()));
        PositionDrift.Verdict over = PositionDrift.classify(d("2"), d("4"), d("0"), 0, d("0"));
        assertEquals(PositionDrift.Kind.DUPLICATE, over.kind(), "more than expected in the master's direction");
        assertEquals(0, d("-2").compareTo(over.correction()));
        assertEquals(PositionDrift.Kind.MISMATCHED, PositionDrift.classify(d("2"), d("1"), d("0"), 0, d("0")).kind());
        assertEquals(PositionDrift.Kind.MISMATCHED, PositionDrift.classify(d("2"), d("-2"), d("0"), 0, d("0")).kind(), "sign differs");
        PositionDrift.Verdict flatMaster = PositionDrift.classify(d("0"), d("3"), d("0"), 0, d("0"));
        assertEquals(PositionDrift.Kind.MISMATCHED, flatMaster.kind(), "follower holds while the master is flat");
        assertEquals(0, d("-3").compareTo(flatMaster.correction()));
        assertEquals(PositionDrift.Kind.DUPLICATE, PositionDrift.classify(d("2"), d("2"), d("0"), 1, d("0")).kind(),
                "two working copies of one master order");
    }

    @Test
    void anOrderInFlightCountsAsHeldAndToleranceAbsorbsSmallDifferences() {
        PositionDrift.Verdict v = PositionDrift.classify(d("3"), d("1"), d("2"), 0, d("0"));
        assertEquals(PositionDrift.Kind.MATCHED, v.kind(), "a correction on its way is not placed again");
        assertEquals(0, BigDecimal.ZERO.compareTo(v.correction()));
        assertEquals(PositionDrift.Kind.MATCHED, PositionDrift.classify(d("3"), d("2"), d("0"), 0, d("1")).kind());
        assertEquals(PositionDrift.Kind.MISMATCHED, PositionDrift.classify(d("3"), d("1"), d("0"), 0, d("1")).kind());
    }

    @Test
    void reconcileRulesAreValidatedLikeEveryRule() {
        CopyRules r = CopyRules.fromJson("{\"reconcile\":{\"correct\":true,\"onBreach\":\"none\",\"tolerance\":1}}");
        assertTrue(r.reconcileRules().corrects());
        assertEquals(false, CopyRules.DEFAULT.reconcileRules().corrects(), "off by default");
        assertTrue(CopyRules.fromJson("{\"reconcile\":{\"correct\":true,\"onBreach\":\"halt\"}}").reconcileRules().halts());
        InvalidCopyRulesException unknown = assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"reconcile\":{\"corect\":true}}"));
        assertTrue(unknown.getMessage().contains("corect"), unknown.getMessage());
        assertEquals("reconcile.onBreach", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"reconcile\":{\"onBreach\":\"panic\"}}")).field());
        assertEquals("reconcile.tolerance", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"reconcile\":{\"tolerance\":-1}}")).field());
        assertEquals("reconcile.settleSeconds", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"reconcile\":{\"settleSeconds\":-1}}")).field());
        assertEquals(java.time.Duration.ofSeconds(10), CopyRules.DEFAULT.reconcileRules().settle());
    }
}
