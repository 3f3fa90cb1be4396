package io.copygate.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.copygate.signal.AssetClass;
import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderId;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CopyPlannerTest {
    private static final Instrument ESZ26 = Instrument.future("ES", YearMonth.of(2026, 12));
    private final Map<String, BigDecimal> positions = new HashMap<>();
    private final CopyPlanner planner = new CopyPlanner(
            new InstrumentCatalog(Map.of("ES", new InstrumentSpec("ES", new BigDecimal("0.25"), new BigDecimal("50"), "USD",
                    BigDecimal.ONE, new RollRule("HMUZ", "third-friday", 0, 8))),
                    Map.of(AssetClass.FUTURE, new InstrumentSpec("f", new BigDecimal("0.01"), BigDecimal.ONE, "USD", BigDecimal.ONE, null),
                            AssetClass.CRYPTO, new InstrumentSpec("c", new BigDecimal("0.01"), BigDecimal.ONE, "USD", new BigDecimal("0.001"), null)),
                    Clock.systemUTC()),
            new PositionBook() {
                @Override
                public BigDecimal quantity(String account, String symbol) {
                    return positions.getOrDefault(account + "/" + symbol, BigDecimal.ZERO);
                }

                @Override
                public Map<Instrument, BigDecimal> open(String account) {
                    return Map.of();
                }
            },
            (link, symbol, ref) -> List.of(),
            master -> List.of(),
            VenueRules.NONE);

    private static CopyLink link(String follower, CopyRules rules) {
        return new CopyLink("l-" + follower, "t", "m", follower, "paper", "active", null, true, rules);
    }

    private static Signal buy(String qty) {
        return Signal.builder().id("sig-1").tenant("t").source("test").masterAccount("m").kind(SignalKind.ORDER_NEW)
                .instrument(ESZ26).side(Side.BUY).quantity(new BigDecimal(qty)).orderType(OrderType.MARKET)
                .bracket(new Bracket(new BigDecimal("5990"), null, new BigDecimal("6020")))
                .receivedTime(Instant.now()).build();
    }

    private static CopyRules rules(String json) {
        return CopyRules.fromJson(json);
    }

    @Test
    void sizesByMultiplierFixedQuantityAndCapRoundingDown() {
        CopyPlan plan = planner.planFor(buy("3"), List.of(
                link("a", rules("{\"multiplier\": 0.5}")),
                link("b", rules("{\"fixedQuantity\": 2}")),
                link("c", rules("{\"multiplier\": 4, \"maxQuantity\": 10}"))));
        assertEquals(List.of(new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("10")),
                plan.orders().stream().map(CopyOrder::quantity).toList(), "1.5 rounds down to 1; 12 capped at 10");
        assertEquals(CopyOrderId.of("sig-1", "a"), plan.orders().get(0).id());
    }

    @Test
    void zeroOrBelowMinimumIsASkipWithTheNumbersNeverASilentZero() {
        CopyPlan plan = planner.planFor(buy("1"), List.of(
                link("a", rules("{\"multiplier\": 0.5}")),
                link("b", rules("{\"multiplier\": 1, \"minQuantity\": 2}"))));
        assertEquals(0, plan.orders().size());
        assertEquals(List.of(SkipReason.QUANTITY_ZERO, SkipReason.QUANTITY_BELOW_MIN),
                plan.skips().stream().map(s -> s.reasonCode()).toList());
        assertEquals("1 × 0.5 = 0.5 rounds down to 0 at lot step 1", plan.skips().get(0).reason());
    }

    @Test
    void reverseFlipsTheSideAndSwapsTheBracket() {
        CopyOrder o = planner.planFor(buy("1"), List.of(link("a", rules("{\"reverse\": true}")))).orders().get(0);
        assertEquals(Side.SELL, o.side());
        assertEquals(new BigDecimal("6020"), o.bracket().stopLoss());
        assertEquals(new BigDecimal("5990"), o.bracket().takeProfit());
    }

    @Test
    void allowAndDenyListsMatchSymbolOrRoot() {
        CopyPlan plan = planner.planFor(buy("1"), List.of(
                link("a", rules("{\"allowSymbols\": [\"NQ\"]}")),
                link("b", rules("{\"denySymbols\": [\"ESZ26\"]}")),
                link("c", rules("{\"allowSymbols\": [\"ES\"]}"))));
        assertEquals(List.of("c"), plan.orders().stream().map(CopyOrder::followerAccount).toList());
        assertEquals(Set.of(SkipReason.SYMBOL_NOT_ALLOWED, SkipReason.SYMBOL_DENIED),
                Set.copyOf(plan.skips().stream().map(s -> s.reasonCode()).toList()));
    }

    @Test
    void exitClosesOnlyWhatTheFollowerHoldsAndNeverReverses() {
        positions.put("a/ESZ26", new BigDecimal("3"));
        positions.put("b/ESZ26", new BigDecimal("-2"));
        Signal flat = Signal.builder().id("sig-2").tenant("t").source("test").masterAccount("m").kind(SignalKind.POSITION_TARGET)
                .instrument(ESZ26).targetPosition(BigDecimal.ZERO).receivedTime(Instant.now()).build();
        CopyPlan plan = planner.planFor(flat, List.of(link("a", rules("{\"multiplier\": 5, \"maxQuantity\": 1}")),
                link("b", CopyRules.DEFAULT), link("c", CopyRules.DEFAULT)));
        assertEquals(2, plan.orders().size());
        assertEquals(Side.SELL, plan.orders().get(0).side());
        assertEquals(new BigDecimal("3"), plan.orders().get(0).quantity(), "exits ignore sizing rules and caps");
        assertEquals(Side.BUY, plan.orders().get(1).side());
        assertEquals(new BigDecimal("2"), plan.orders().get(1).quantity());
        assertEquals(SkipReason.NO_POSITION, plan.skips().get(0).reasonCode());
        assertNull(plan.orders().get(0).bracket());
    }

    @Test
    void pausedLinksAndFailedAccountsAreRecordedSkips() {
        CopyLink paused = new CopyLink("l-p", "t", "m", "p", "paper", "active", null, false, CopyRules.DEFAULT);
        CopyLink failed = new CopyLink("l-f", "t", "m", "f", "paper", "failed", "401 invalid key", true, CopyRules.DEFAULT);
        CopyPlan plan = planner.planFor(buy("1"), List.of(paused, failed));
        assertEquals(List.of(SkipReason.LINK_PAUSED, SkipReason.ACCOUNT_NOT_ACTIVE), plan.skips().stream().map(s -> s.reasonCode()).toList());
        assertEquals("follower account f is failed: 401 invalid key", plan.skips().get(1).reason());
    }

    @Test
    void rulesRefuseTyposAndNonsense() {
        assertEquals("multiplyer", assertThrows(InvalidCopyRulesException.class, () -> rules("{\"multiplyer\": 2}")).field());
        assertEquals("multiplier", assertThrows(InvalidCopyRulesException.class, () -> rules("{\"multiplier\": 0}")).field());
        assertEquals("minQuantity", assertThrows(InvalidCopyRulesException.class,
                () -> rules("{\"minQuantity\": 5, \"maxQuantity\": 2}")).field());
    }

    @Test
    void quoteSwapCopiesACryptoPairAgainstTheFollowersQuoteAndIsOffByDefault() {
        Signal btcUsdt = Signal.builder().id("sig-q").tenant("t").source("test").masterAccount("m").kind(SignalKind.ORDER_NEW)
                .instrument(Instrument.crypto("BTC", "USDT")).side(Side.BUY).quantity(new BigDecimal("0.1234"))
                .orderType(OrderType.LIMIT).limitPrice(new BigDecimal("60000.5")).receivedTime(Instant.now()).build();
        CopyPlan plan = planner.planFor(btcUsdt, List.of(
                link("swapped", rules("{\"quoteSwap\": {\"USDT\": \"USD\"}}")),
                link("other-quote", rules("{\"quoteSwap\": {\"USDC\": \"USD\"}}")),
                link("plain", rules("{}"))));
        assertEquals(List.of("BTC/USD", "BTC/USDT", "BTC/USDT"), plan.orders().stream().map(o -> o.instrument().symbol()).toList());
        assertEquals(new BigDecimal("60000.5"), plan.orders().get(0).limitPrice(), "prices are taken over 1:1");
        assertEquals(new BigDecimal("0.123"), plan.orders().get(0).quantity(), "rounded at the crypto lot step");
        positions.put("swapped/BTC/USD", new BigDecimal("0.5"));
        Signal exit = Signal.builder().id("sig-x").tenant("t").source("test").masterAccount("m").kind(SignalKind.POSITION_TARGET)
                .instrument(Instrument.crypto("BTC", "USDT")).targetPosition(BigDecimal.ZERO).receivedTime(Instant.now()).build();
        CopyOrder close = planner.planFor(exit, List.of(link("swapped", rules("{\"quoteSwap\": {\"USDT\": \"USD\"}}"))))
                .orders().get(0);
        assertEquals("BTC/USD", close.instrument().symbol(), "the exit closes what the follower holds, in its own pair");
        assertEquals(new BigDecimal("0.5"), close.quantity());
    }

    @Test
    void aQuoteSwapMustNameTwoDifferentCurrencies() {
        InvalidCopyRulesException e = assertThrows(InvalidCopyRulesException.class,
                () -> rules("{\"quoteSwap\": {\"usdt\": \"USD\"}}"));
        assertEquals("quoteSwap", e.field());
        assertThrows(InvalidCopyRulesException.class, () -> rules("{\"quoteSwap\": {\"USD\": \"USD\"}}"));
        CopyRules stored = rules("{\"quoteSwap\": {\"USDT\": \"USD\"}}");
        assertEquals(Map.of("USDT", "USD"), CopyRules.fromJson(stored.toJson()).quoteSwap(), "kept through the database's JSON");
    }
}
