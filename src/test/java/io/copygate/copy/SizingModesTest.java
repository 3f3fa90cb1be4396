package io.copygate.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.signal.AssetClass;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopySkip;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sizing modes through the planner: equity ratio, risk % of equity, rounding, and skips with reasons. */
class SizingModesTest {
    private final Map<String, BigDecimal> equity = new HashMap<>();
    private final CopyPlanner planner = new CopyPlanner(
            new InstrumentCatalog(Map.of("ES", new InstrumentSpec("E-mini S&P 500", new BigDecimal("0.25"), new BigDecimal("50"),
                    "USD", BigDecimal.ONE, null)), Map.of(AssetClass.EQUITY,
                    new InstrumentSpec("e", new BigDecimal("0.01"), BigDecimal.ONE, "USD", BigDecimal.ONE, null)), Clock.systemUTC()),
            new PositionBook() {
                @Override
                public BigDecimal quantity(String account, String symbol) {
                    return BigDecimal.ZERO;
                }

                @Override
                public Map<Instrument, BigDecimal> open(String account) {
                    return Map.of();
                }
            },
            (link, symbol, ref) -> List.of(), master -> List.of(), VenueRules.NONE,
            account -> equity.containsKey(account) ? AccountEquity.Reading.known(equity.get(account))
                    : AccountEquity.Reading.unknown("not read from its broker yet"));

    private static CopyLink link(String follower, String rulesJson) {
        return new CopyLink("l-" + follower, "t", "master", follower, "alpaca", "active", null, true, CopyRules.fromJson(rulesJson));
    }

    private static Signal buy(String qty, String limit, String price) {
        return Signal.builder().id("sig-1").tenant("t").source("test").masterAccount("master").kind(SignalKind.ORDER_NEW)
                .instrument(Instrument.equity("AAPL")).side(Side.BUY).quantity(new BigDecimal(qty))
                .orderType(limit == null ? OrderType.MARKET : OrderType.LIMIT)
                .limitPrice(limit == null ? null : new BigDecimal(limit)).price(price == null ? null : new BigDecimal(price))
                .receivedTime(Instant.now()).build();
    }

    private static Map<String, BigDecimal> quantities(CopyPlan plan) {
        Map<String, BigDecimal> q = new HashMap<>();
        for (CopyOrder o : plan.orders()) {
            q.put(o.followerAccount(), o.quantity());
        }
        return q;
    }

    private static CopySkip skipOf(CopyPlan plan, String follower) {
        return plan.skips().stream().filter(s -> s.followerAccount().equals(follower)).findFirst()
                .orElseThrow(() -> new AssertionError("no skip for " + follower + ": " + plan.skips()));
    }

    @Test
    void equityRatioScalesByFollowerOverMasterEquityRoundingDownToWholeShares() {
        equity.put("master", new BigDecimal("100000"));
        equity.put("quarter", new BigDecimal("25000"));
        equity.put("odd", new BigDecimal("33333.33"));
        equity.put("double", new BigDecimal("200000"));
        equity.put("tiny", new BigDecimal("500"));
        equity.put("frac", new BigDecimal("33333.3333333"));
        CopyPlan plan = planner.planFor(buy("10", null, "190"), List.of(
                link("quarter", "{\"sizing\": {\"mode\": \"equityRatio\"}}"),
                link("odd", "{\"sizing\": {\"mode\": \"equityRatio\"}}"),
                link("double", "{\"sizing\": {\"mode\": \"equityRatio\"}, \"multiplier\": 1.5, \"maxQuantity\": 25}"),
                link("tiny", "{\"sizing\": {\"mode\": \"equityRatio\"}}"),
                link("frac", "{\"sizing\": {\"mode\": \"equityRatio\", \"fractional\": true}}")));
        Map<String, BigDecimal> q = quantities(plan);
        assertEquals(0, new BigDecimal("2").compareTo(q.get("quarter")), "10 × 25,000 / 100,000 = 2.5 → 2");
        assertEquals(0, new BigDecimal("3").compareTo(q.get("odd")), "3.3333333 → 3");
        assertEquals(0, new BigDecimal("25").compareTo(q.get("double")), "10 × 2 × 1.5 = 30, capped at 25");
        assertEquals(0, new BigDecimal("3.333333333").compareTo(q.get("frac")), "fractional: 3.33333333333 rounded down to 9 decimals, was " + q.get("frac"));
        CopySkip tiny = skipOf(plan, "tiny");
        assertEquals(SkipReason.QUANTITY_ZERO, tiny.reasonCode(), "0.05 shares is a recorded skip, never a silent zero");
        assertTrue(tiny.reason().contains("10 × equity 500 / master equity 100000 = 0.05"), tiny.reason());
    }

    @Test
    void riskPercentBuysThatShareOfEquityAtTheOrderPrice() {
        equity.put("a", new BigDecimal("50000"));
        equity.put("b", new BigDecimal("1000"));
        CopyPlan limit = planner.planFor(buy("7", "200", "199"), List.of(
                link("a", "{\"sizing\": {\"mode\": \"riskPercent\", \"percent\": 2}}"),
                link("b", "{\"sizing\": {\"mode\": \"riskPercent\", \"percent\": 1}, \"minQuantity\": 1}")));
        assertEquals(0, new BigDecimal("5").compareTo(quantities(limit).get("a")), "50,000 × 2 % / 200 (the limit) = 5, whatever the master's 7");
        assertEquals(SkipReason.QUANTITY_BELOW_MIN, skipOf(limit, "b").reasonCode(), "1,000 × 1 % / 200 = 0.05 → skip: " + skipOf(limit, "b").reason());

        CopyPlan market = planner.planFor(buy("7", null, "250"), List.of(link("a", "{\"sizing\": {\"mode\": \"riskPercent\", \"percent\": 2}}")));
        assertEquals(0, new BigDecimal("4").compareTo(quantities(market).get("a")), "a market order is sized at the master's price");

        CopyPlan noPrice = planner.planFor(buy("7", null, null), List.of(link("a", "{\"sizing\": {\"mode\": \"riskPercent\", \"percent\": 2}}")));
        assertEquals(SkipReason.NO_PRICE, skipOf(noPrice, "a").reasonCode());
    }

    @Test
    void riskPercentWithAStopLossRisksThatShareOfEquityOverTheStopDistance() {
        equity.put("a", new BigDecimal("100000"));
        equity.put("b", new BigDecimal("100000"));
        Signal es = Signal.builder().id("sig-2").tenant("t").source("test").masterAccount("master").kind(SignalKind.ORDER_NEW)
                .instrument(Instrument.future("ES", java.time.YearMonth.of(2026, 12))).side(Side.BUY).quantity(new BigDecimal("9"))
                .orderType(OrderType.MARKET).price(new BigDecimal("6000"))
                .bracket(new io.copygate.signal.Bracket(new BigDecimal("5990"), null, new BigDecimal("6030")))
                .receivedTime(Instant.now()).build();
        CopyPlan plan = planner.planFor(es, List.of(
                link("a", "{\"sizing\": {\"mode\": \"riskPercent\", \"percent\": 1}}"),
                link("b", "{\"sizing\": {\"mode\": \"percentOfEquity\", \"percent\": 100}}")));
        assertEquals(0, new BigDecimal("2").compareTo(quantities(plan).get("a")),
                "100,000 × 1 % / (10 points to the stop × $50) = 2 contracts, whatever the master's 9");
        assertEquals(SkipReason.QUANTITY_ZERO, skipOf(plan, "b").reasonCode(),
                "percentOfEquity ignores the stop: 100,000 / (6000 × 50) = 0.33: " + skipOf(plan, "b").reason());
        Signal atStop = Signal.builder().id("sig-3").tenant("t").source("test").masterAccount("master").kind(SignalKind.ORDER_NEW)
                .instrument(es.instrument()).side(Side.BUY).quantity(BigDecimal.ONE).orderType(OrderType.MARKET)
                .price(new BigDecimal("6000")).bracket(new io.copygate.signal.Bracket(new BigDecimal("6000"), null, null))
                .receivedTime(Instant.now()).build();
        assertEquals(SkipReason.NO_PRICE, skipOf(planner.planFor(atStop, List.of(
                link("a", "{\"sizing\": {\"mode\": \"riskPercent\", \"percent\": 1}}"))), "a").reasonCode());
    }

    @Test
    void anUnknownEquityIsARecordedSkipNamingTheAccount() {
        equity.put("master", new BigDecimal("100000"));
        CopyPlan plan = planner.planFor(buy("10", null, "190"), List.of(
                link("unread", "{\"sizing\": {\"mode\": \"equityRatio\"}}"),
                link("mult", "{\"multiplier\": 2}")));
        CopySkip skip = skipOf(plan, "unread");
        assertEquals(SkipReason.EQUITY_UNKNOWN, skip.reasonCode());
        assertEquals("equity of follower unread unknown: not read from its broker yet", skip.reason());
        assertEquals(0, new BigDecimal("20").compareTo(quantities(plan).get("mult")), "links sized otherwise need no equity");

        equity.remove("master");
        equity.put("unread", new BigDecimal("5000"));
        assertTrue(skipOf(planner.planFor(buy("10", null, "190"), List.of(link("unread", "{\"sizing\": {\"mode\": \"equityRatio\"}}"))), "unread")
                .reason().startsWith("equity of master master unknown"));
    }

    @Test
    void sizingRulesThatContradictEachOtherAreErrorsNamingTheField() {
        assertEquals("sizing.mode", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"sizing\": {\"mode\": \"equityratio\"}}")).field());
        assertEquals("sizing.percent", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"sizing\": {\"mode\": \"riskPercent\"}}")).field());
        assertEquals("sizing.percent", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"sizing\": {\"mode\": \"equityRatio\", \"percent\": 1}}")).field());
        assertEquals("fixedQuantity", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"sizing\": {\"mode\": \"equityRatio\"}, \"fixedQuantity\": 3}")).field());
        assertEquals("multiplier", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"sizing\": {\"mode\": \"riskPercent\", \"percent\": 1}, \"multiplier\": 2}")).field());
        assertEquals("fractionall", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"sizing\": {\"mode\": \"equityRatio\", \"fractionall\": true}}")).field());
        assertEquals("sizing.amount", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"sizing\": {\"mode\": \"notional\"}}")).field());
        assertEquals("sizing.amount", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"sizing\": {\"mode\": \"notional\", \"amount\": -5}}")).field());
        assertEquals("sizing.amount", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"sizing\": {\"mode\": \"percentOfEquity\", \"percent\": 5, \"amount\": 5}}")).field());
        assertEquals("sizing.percent", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"sizing\": {\"mode\": \"percentOfEquity\", \"percent\": 101}}")).field());
        assertEquals("multiplier", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"sizing\": {\"mode\": \"notional\", \"amount\": 1000}, \"multiplier\": 2}")).field());
        CopyRules notional = CopyRules.fromJson("{\"sizing\": {\"mode\": \"notional\", \"amount\": 2500.50}}");
        assertEquals(notional.sizing(), CopyRules.fromJson(notional.toJson()).sizing());
        CopyRules ok = CopyRules.fromJson("{\"sizing\": {\"mode\": \"riskPercent\", \"percent\": 1.5}}");
        assertEquals(ok.sizing(), CopyRules.fromJson(ok.toJson()).sizing(), "sizing survives the round trip through the database");
    }
}
