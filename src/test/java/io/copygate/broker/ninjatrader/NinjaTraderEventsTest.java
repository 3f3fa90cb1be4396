package io.copygate.broker.ninjatrader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.signal.Fill;
import io.copygate.signal.InvalidSignalException;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What add-on events mean: a trader's own orders are copied (new, changed, cancelled, flattened); copygate's never. */
class NinjaTraderEventsTest {
    private static final BrokerAccount MASTER = new BrokerAccount("nt-master", "t1", "ninjatrader", "Sim102", Map.of(), Map.of());
    private static final Instant NOW = Instant.parse("2026-11-22T14:03:08Z");
    private static final Function<String, Optional<Signal>> NOTHING_COPIED = id -> Optional.empty();

    /** An order event as the add-on writes it (contract §6.2), with the members a test changes. */
    static NinjaTraderEvent event(String type, String state, Map<String, Object> changes) {
        ObjectNode e = NinjaTraderOrderMapper.JSON.createObjectNode()
                .put("eventId", "o-3f0c").put("type", type).put("account", "Sim102").put("instrument", "ES 12-26")
                .putNull("clientOrderId").putNull("parentClientOrderId").put("name", "Entry").put("orderId", "8a1e")
                .put("action", "buy").put("orderType", "limit").put("timeInForce", "day").putNull("ocoId")
                .put("orderQuantity", 2).put("quantity", 2).put("limitPrice", new BigDecimal("5990.25")).putNull("stopPrice")
                .put("state", state).put("filled", 0).putNull("averageFillPrice").putNull("executionId").putNull("price")
                .putNull("marketPosition").putNull("error").put("time", "2026-11-22T14:03:07.125Z");
        changes.forEach((k, v) -> e.set(k, NinjaTraderOrderMapper.JSON.valueToTree(v)));
        return NinjaTraderEvent.parse(NinjaTraderOrderMapper.write(e));
    }

    private static Signal copied(SignalKind kind, String quantity, String limit) {
        return Signal.builder().kind(kind).quantity(new BigDecimal(quantity)).orderType(OrderType.LIMIT)
                .limitPrice(new BigDecimal(limit)).build();
    }

    @Test
    void theFirstLiveUpdateOfATradersOrderIsANewOrderKeyedByItsOrderId() {
        assertNull(NinjaTraderEvents.masterSignal(event("order", "submitted", Map.of()), MASTER, NOTHING_COPIED, NOW),
                "submitted: not yet accepted by NinjaTrader, maybe about to be rejected");
        Signal s = NinjaTraderEvents.masterSignal(event("order", "accepted", Map.of()), MASTER, NOTHING_COPIED, NOW);
        assertEquals(SignalKind.ORDER_NEW, s.kind());
        assertEquals("ninjatrader", s.source());
        assertEquals("nt-master:new:8a1e", s.sourceEventId(), "every update of the order maps to one journal key");
        assertEquals("8a1e", s.masterOrderRef());
        assertEquals("ESZ26", s.instrument().symbol());
        assertEquals(Side.BUY, s.side());
        assertEquals(0, s.quantity().compareTo(new BigDecimal("2")));
        assertEquals(OrderType.LIMIT, s.orderType());
        assertEquals(new BigDecimal("5990.25"), s.limitPrice());
        assertNull(s.stopPrice());
        assertEquals(TimeInForce.DAY, s.timeInForce());
        assertNull(s.price(), "a limit is not a market price");
        assertEquals(Instant.parse("2026-11-22T14:03:07.125Z"), s.sourceTime());
        s.validate();
    }

    @Test
    void laterUpdatesAreAChangeOnlyWhenQuantityOrPriceDiffer() {
        Function<String, Optional<Signal>> copiedAt5990 = id -> Optional.of(copied(SignalKind.ORDER_NEW, "2", "5990.25"));
        assertNull(NinjaTraderEvents.masterSignal(event("order", "working", Map.of()), MASTER, copiedAt5990, NOW));
        assertNull(NinjaTraderEvents.masterSignal(event("order", "partFilled", Map.of("filled", 1)), MASTER, copiedAt5990, NOW));
        Signal moved = NinjaTraderEvents.masterSignal(event("order", "working", Map.of("limitPrice", 5985)), MASTER, copiedAt5990, NOW);
        assertEquals(SignalKind.ORDER_MODIFY, moved.kind());
        assertEquals("nt-master:o-3f0c", moved.sourceEventId(), "a change is keyed by the add-on's event id");
        assertEquals(0, moved.limitPrice().compareTo(new BigDecimal("5985")));
        Signal resized = NinjaTraderEvents.masterSignal(event("order", "working", Map.of("quantity", 3)), MASTER, copiedAt5990, NOW);
        assertEquals(SignalKind.ORDER_MODIFY, resized.kind());
    }

    @Test
    void cancelledOrRejectedAfterCopyingIsACancelAndNothingOtherwise() {
        Function<String, Optional<Signal>> copied = id -> Optional.of(copied(SignalKind.ORDER_MODIFY, "2", "5990.25"));
        Signal cancel = NinjaTraderEvents.masterSignal(event("order", "cancelled", Map.of()), MASTER, copied, NOW);
        assertEquals(SignalKind.ORDER_CANCEL, cancel.kind());
        assertEquals("nt-master:cancel:8a1e", cancel.sourceEventId());
        assertEquals(SignalKind.ORDER_CANCEL,
                NinjaTraderEvents.masterSignal(event("order", "rejected", Map.of()), MASTER, copied, NOW).kind());
        assertNull(NinjaTraderEvents.masterSignal(event("order", "rejected", Map.of()), MASTER, NOTHING_COPIED, NOW),
                "rejected before it was ever live: nothing was copied, nothing to cancel");
        Function<String, Optional<Signal>> alreadyCancelled = id -> Optional.of(copied(SignalKind.ORDER_CANCEL, "2", "5990.25"));
        assertNull(NinjaTraderEvents.masterSignal(event("order", "cancelled", Map.of()), MASTER, alreadyCancelled, NOW));
    }

    @Test
    void ninjaTradersCloseOrderIsAFlattenOfItsInstrument() {
        Signal s = NinjaTraderEvents.masterSignal(event("order", "accepted", Map.of("name", "Close", "action", "sell",
                "orderType", "market", "limitPrice", BigDecimal.ZERO)), MASTER, NOTHING_COPIED, NOW);
        assertEquals(SignalKind.FLATTEN, s.kind());
        assertEquals("ESZ26", s.instrument().symbol());
        assertNull(s.quantity(), "followers close what they hold, not a scaled quantity");
    }

    @Test
    void ordersCopygatePlacedAreNeverCopiedAgain() {
        Function<String, Optional<Signal>> unreachable = id -> {
            throw new AssertionError("copygate's own orders need no lookup");
        };
        assertNull(NinjaTraderEvents.masterSignal(event("order", "accepted", Map.of("clientOrderId", "cgabc")), MASTER, unreachable, NOW));
        assertNull(NinjaTraderEvents.masterSignal(event("order", "working", Map.of("clientOrderId", "cgabc-SL1",
                "parentClientOrderId", "cgabc")), MASTER, unreachable, NOW));
        assertNull(NinjaTraderEvents.masterSignal(event("execution", "filled", Map.of("clientOrderId", "cgabc",
                "executionId", "x1", "price", 5990, "marketPosition", "long")), MASTER, unreachable, NOW));
    }

    @Test
    void executionsAreFillsAndATradersAreAlsoFillSignals() {
        NinjaTraderEvent x = event("execution", "partFilled", Map.of("eventId", "x-9b27", "executionId", "ex-1", "quantity", 1,
                "price", new BigDecimal("5990.25"), "marketPosition", "long", "action", "buyToCover"));
        Signal s = NinjaTraderEvents.masterSignal(x, MASTER, NOTHING_COPIED, NOW);
        assertEquals(SignalKind.FILL, s.kind());
        assertEquals("nt-master:x-9b27", s.sourceEventId());
        assertEquals(Side.BUY, s.side());
        s.validate();
        Fill f = NinjaTraderEvents.fill(x, MASTER);
        assertEquals(new Fill("nt-master", "ex-1", "8a1e", null, s.instrument(), Side.BUY, new BigDecimal("1"),
                new BigDecimal("5990.25"), BigDecimal.ZERO, Instant.parse("2026-11-22T14:03:07.125Z")), f);
        Fill leg = NinjaTraderEvents.fill(event("execution", "filled", Map.of("clientOrderId", "cgabc-TP1", "parentClientOrderId", "cgabc",
                "executionId", "ex-2", "price", 6010, "marketPosition", "short")), MASTER);
        assertEquals("cgabc", leg.clientOrderId(), "a bracket leg's fill is filed under its entry's copy order");
        assertEquals(Side.SELL, leg.side());
    }

    @Test
    void whatCannotBeCopiedIsRefusedNamingTheMember() {
        InvalidSignalException mit = assertThrows(InvalidSignalException.class, () -> NinjaTraderEvents.masterSignal(
                event("order", "accepted", Map.of("orderType", "mit")), MASTER, NOTHING_COPIED, NOW));
        assertEquals("orderType", mit.field());
        assertEquals(422, mit.status());
        assertEquals("instrument", assertThrows(InvalidSignalException.class, () -> NinjaTraderEvents.masterSignal(
                event("order", "accepted", Map.of("instrument", "AAPL")), MASTER, NOTHING_COPIED, NOW)).field());
        assertEquals(TimeInForce.GTC, NinjaTraderEvents.timeInForce("gtd"));
        assertEquals("timeInForce", assertThrows(InvalidSignalException.class, () -> NinjaTraderEvents.timeInForce("opg")).field());
    }

    @Test
    void unreadableEventsAre400sNamingTheMember() {
        assertEquals(400, assertThrows(InvalidSignalException.class, () -> NinjaTraderEvent.parse("not json")).status());
        assertEquals(400, assertThrows(InvalidSignalException.class, () -> NinjaTraderEvent.parse("[1]")).status());
        InvalidSignalException noId = assertThrows(InvalidSignalException.class, () -> NinjaTraderEvent.parse(
                "{\"type\":\"order\",\"account\":\"Sim101\",\"time\":\"2026-11-22T14:03:07Z\"}"));
        assertEquals("eventId", noId.field());
        assertEquals("quantity", assertThrows(InvalidSignalException.class,
                () -> event("order", "working", Map.of("quantity", "two"))).field());
        assertEquals("time", assertThrows(InvalidSignalException.class,
                () -> event("order", "working", Map.of("time", "yesterday"))).field());
        assertEquals(422, assertThrows(InvalidSignalException.class, () -> event("position", "working", Map.of())).status());
    }
}
