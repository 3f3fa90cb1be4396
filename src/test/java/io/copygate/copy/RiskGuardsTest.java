package io.copygate.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guards' arithmetic and edges, at fixed instants: the session start, overnight trading windows,
 * a reversal counted as an entry, failing closed without a price, the trailing drawdown.
 */
class RiskGuardsTest {
    private static final Instrument NQ = Instrument.future("NQ", YearMonth.of(2026, 12));
    private static final Instrument ES = Instrument.future("ES", YearMonth.of(2026, 12));
    private final Map<String, BigDecimal> held = new HashMap<>();
    private final List<RiskState.OpenPosition> open = new ArrayList<>();
    private final Map<String, BigDecimal> marks = new HashMap<>();
    private final List<Instant> pnlAskedSince = new ArrayList<>();
    private BigDecimal realizedToday = BigDecimal.ZERO;
    private BigDecimal realizedTotal = BigDecimal.ZERO;
    private BigDecimal realizedPeak = BigDecimal.ZERO;

    /** The state a follower's store would answer, held in fields the tests set. */
    private final RiskState state = new RiskState() {
        public String killSwitch(String linkId, String account, String tenant) {
            return null;
        }

        public RiskLimits accountLimits(String account) {
            return null;
        }

        public int workingOrders(String account) {
            return 0;
        }

        public int ordersPlannedSince(String account, Instant since) {
            return 0;
        }

        public BigDecimal realizedSince(String account, Instant since) {
            pnlAskedSince.add(since);
            return realizedToday;
        }

        public BigDecimal realizedTotal(String account) {
            return realizedTotal;
        }

        public BigDecimal realizedPeak(String account) {
            return realizedPeak;
        }

        public List<OpenPosition> openPositions(String account) {
            return open;
        }

        public BigDecimal markPrice(String symbol) {
            return marks.get(symbol);
        }

        public BigDecimal lastPrice(String broker, String symbol) {
            return null;
        }
    };

    private CopyPlanner planner(Instant now) {
        InstrumentCatalog catalog = new InstrumentCatalog(Map.of(
                "NQ", new InstrumentSpec("NQ", new BigDecimal("0.25"), new BigDecimal("20"), "USD", BigDecimal.ONE, null,
                        TradingHours.parse(List.of("Sun-Thu 18:00-17:00"), java.time.ZoneId.of("America/New_York"))),
                "ES", new InstrumentSpec("ES", new BigDecimal("0.25"), new BigDecimal("50"), "USD", BigDecimal.ONE, null)),
                Map.of(AssetClass.FUTURE, new InstrumentSpec("f", new BigDecimal("0.01"), BigDecimal.ONE, "USD", BigDecimal.ONE, null)),
                Clock.fixed(now, ZoneOffset.UTC));
        PositionBook book = new PositionBook() {
            public BigDecimal quantity(String account, String symbol) {
                return held.getOrDefault(symbol, BigDecimal.ZERO);
            }

            public Map<Instrument, BigDecimal> open(String account) {
                return Map.of();
            }
        };
        RiskGuards guards = new RiskGuards(state, book, catalog,
                Map.of("prop", CopyRules.fromJson("{\"risk\":{\"maxPosition\":1}}").risk()), Clock.fixed(now, ZoneOffset.UTC));
        return new CopyPlanner(catalog, book, (l, s, r) -> List.of(), m -> List.of(), VenueRules.NONE, AccountEquity.NONE, guards, null);
    }

    private static Signal order(Side side, String qty, String price) {
        return Signal.builder().id("s").tenant("t").source("test").masterAccount("m").kind(SignalKind.ORDER_NEW).instrument(NQ)
                .side(side).quantity(new BigDecimal(qty)).orderType(OrderType.MARKET).price(new BigDecimal(price))
                .receivedTime(Instant.parse("2026-11-20T15:00:00Z")).build();
    }

    private static List<CopyLink> link(String rules) {
        return List.of(new CopyLink("l", "t", "m", "f", "paper", "active", null, true, CopyRules.fromJson(rules)));
    }

    private static String outcome(CopyPlan plan) {
        return plan.orders().isEmpty() ? plan.skips().get(0).reasonCode() : "COPIED";
    }

    @Test
    void tradingHoursOfTheInstrumentFollowTheCatalogsWeekAndFailClosedWithoutThem() {
        String rules = "{\"risk\":{\"tradingHours\":[\"instrument\"]}}";
        // NQ trades Sun-Thu 18:00 to the next day's 17:00, New York time
        assertEquals("COPIED", outcome(planner(Instant.parse("2026-11-20T15:00:00Z")).planFor(order(Side.BUY, "1", "20000"), link(rules))), "Fri 10:00");
        CopyPlan friday = planner(Instant.parse("2026-11-20T22:30:00Z")).planFor(order(Side.BUY, "1", "20000"), link(rules));
        assertEquals("OUTSIDE_TRADING_HOURS", outcome(friday), "Fri 17:30: the week has closed");
        assertTrue(friday.skips().get(0).reason().contains("NQ"), friday.skips().get(0).reason());
        assertEquals("OUTSIDE_TRADING_HOURS", outcome(planner(Instant.parse("2026-11-21T15:00:00Z")).planFor(order(Side.BUY, "1", "20000"), link(rules))), "Saturday");
        assertEquals("COPIED", outcome(planner(Instant.parse("2026-11-22T23:30:00Z")).planFor(order(Side.BUY, "1", "20000"), link(rules))), "Sun 18:30");
        assertEquals("OUTSIDE_TRADING_HOURS", outcome(planner(Instant.parse("2026-11-24T22:30:00Z")).planFor(order(Side.BUY, "1", "20000"), link(rules))), "Tue 17:30: the daily break");

        Signal es = Signal.builder().id("s").tenant("t").source("test").masterAccount("m").kind(SignalKind.ORDER_NEW).instrument(ES)
                .side(Side.BUY).quantity(BigDecimal.ONE).orderType(OrderType.MARKET).price(new BigDecimal("6000"))
                .receivedTime(Instant.parse("2026-11-20T15:00:00Z")).build();
        CopyPlan noHours = planner(Instant.parse("2026-11-20T15:00:00Z")).planFor(es, link(rules));
        assertEquals("OUTSIDE_TRADING_HOURS", outcome(noHours), "no hours in the catalog: blocked, not copied");
        assertTrue(noHours.skips().get(0).reason().contains("gives no tradingHours"), noHours.skips().get(0).reason());
        assertEquals("tradingHours", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"risk\":{\"tradingHours\":[\"Funday 09:30-16:00\"]}}")).field());
    }

    @Test
    void theSessionStartsAtTheLatest1800NewYorkBeforeNow() {
        String rules = "{\"risk\":{\"dailyLossLimit\":100}}";
        planner(Instant.parse("2026-11-20T15:00:00Z")).planFor(order(Side.BUY, "1", "20000"), link(rules)); // 10:00 New York
        planner(Instant.parse("2026-11-21T00:30:00Z")).planFor(order(Side.BUY, "1", "20000"), link(rules)); // 19:30 New York
        assertEquals(List.of(Instant.parse("2026-11-19T23:00:00Z"), Instant.parse("2026-11-20T23:00:00Z")), pnlAskedSince);
    }

    @Test
    void aPositionWithoutAnyKnownPriceBlocksEntriesBecauseTheLossCannotBeValued() {
        open.add(new RiskState.OpenPosition(ES, new BigDecimal("2"), new BigDecimal("6000")));
        held.put(ES.symbol(), new BigDecimal("2"));
        CopyPlan plan = planner(Instant.parse("2026-11-20T15:00:00Z")).planFor(order(Side.BUY, "1", "20000"),
                link("{\"risk\":{\"dailyLossLimit\":100}}"));
        assertEquals(SkipReason.PNL_UNAVAILABLE, outcome(plan));
        assertTrue(plan.skips().get(0).reason().contains("no price is known for ESZ26"), plan.skips().toString());
        marks.put(ES.symbol(), new BigDecimal("6001"));            // +50 unrealized: now it can be valued, and passes
        assertEquals("COPIED", outcome(planner(Instant.parse("2026-11-20T15:00:00Z")).planFor(order(Side.BUY, "1", "20000"),
                link("{\"risk\":{\"dailyLossLimit\":100}}"))));
    }

    @Test
    void trailingDrawdownFromThePeakBlocksEntriesNotExits() {
        realizedPeak = new BigDecimal("1000");
        realizedTotal = new BigDecimal("600");
        open.add(new RiskState.OpenPosition(NQ, new BigDecimal("1"), new BigDecimal("20000")));
        held.put(NQ.symbol(), BigDecimal.ONE);
        String rules = "{\"risk\":{\"trailingDrawdown\":500}}";
        Instant now = Instant.parse("2026-11-20T15:00:00Z");
        assertEquals("COPIED", outcome(planner(now).planFor(order(Side.BUY, "1", "20000"), link(rules))), "400 below the peak");
        CopyPlan plan = planner(now).planFor(order(Side.BUY, "1", "19995"), link(rules));   // −100 unrealized: 500 below
        assertEquals(SkipReason.TRAILING_DRAWDOWN, outcome(plan));
        assertTrue(plan.skips().get(0).reason().contains("500.00 below its peak 1000.00"), plan.skips().toString());
        assertEquals("COPIED", outcome(planner(now).planFor(order(Side.SELL, "1", "19995"), link(rules))), "the exit passes");
    }

    @Test
    void aReversalIsAnEntryAndAnExactExitIsNot() {
        held.put(NQ.symbol(), new BigDecimal("2"));
        String rules = "{\"risk\":{\"maxPosition\":1}}";
        Instant now = Instant.parse("2026-11-20T15:00:00Z");
        assertEquals("COPIED", outcome(planner(now).planFor(order(Side.SELL, "2", "20000"), link(rules))));
        assertEquals(SkipReason.MAX_POSITION, outcome(planner(now).planFor(order(Side.SELL, "4", "20000"), link(rules))),
                "long 2 to short 2 opens a short beyond 1");
    }

    @Test
    void anOvernightWindowIsOpenAcrossMidnightAndClosedInItsGap() {
        String rules = "{\"risk\":{\"tradingHours\":[\"18:00-16:00\"]}}";
        assertEquals("COPIED", outcome(planner(Instant.parse("2026-11-21T04:00:00Z")).planFor(order(Side.BUY, "1", "1"), link(rules))),
                "23:00 New York");
        assertEquals(SkipReason.OUTSIDE_TRADING_HOURS,
                outcome(planner(Instant.parse("2026-11-20T21:30:00Z")).planFor(order(Side.BUY, "1", "1"), link(rules))), "16:30 New York");
    }

    @Test
    void anUnknownProfileBlocksRatherThanCopyingUnguarded() {
        CopyPlan plan = planner(Instant.parse("2026-11-20T15:00:00Z")).planFor(order(Side.BUY, "1", "1"),
                link("{\"risk\":{\"profile\":\"nope\"}}"));
        assertEquals(SkipReason.RISK_RULES_INVALID, outcome(plan));
        assertEquals(SkipReason.MAX_POSITION, outcome(planner(Instant.parse("2026-11-20T15:00:00Z"))
                .planFor(order(Side.BUY, "2", "1"), link("{\"risk\":{\"profile\":\"prop\"}}"))));
    }

    @Test
    void badLimitsAreRefusedNamingTheField() {
        assertEquals("maxSignalAge", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"risk\":{\"maxSignalAge\":\"soon\"}}")).field());
        assertEquals("tradingHours", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"risk\":{\"tradingHours\":[\"9-5\"]}}")).field());
        assertEquals("dailyLossLimit", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"risk\":{\"dailyLossLimit\":-5}}")).field());
        assertEquals("maxDailyLoss", assertThrows(InvalidCopyRulesException.class,
                () -> CopyRules.fromJson("{\"risk\":{\"maxDailyLoss\":5}}")).field());
    }
}
