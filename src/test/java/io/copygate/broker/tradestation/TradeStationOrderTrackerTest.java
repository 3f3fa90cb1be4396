package io.copygate.broker.tradestation;

import io.copygate.broker.BrokerJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.signal.Fill;
import io.copygate.signal.Signal;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order-state → event rules that both TradeStation feeds share, on TradeStation's own order objects. */
class TradeStationOrderTrackerTest {
    private final BrokerAccount account = new BrokerAccount("acct-ts-9", "t", "tradestation", "SIM9", Map.of(), Map.of());
    private final List<Signal> signals = new ArrayList<>();
    private final List<Fill> fills = new ArrayList<>();
    private final TradeStationOrderTracker tracker = new TradeStationOrderTracker(account, new TradeStationSymbolCodec(),
            orderId -> null, new TradeStationOrderTracker.Sink() {
                @Override
                public void signal(Signal signal) {
                    signals.add(signal);
                }

                @Override
                public void fill(Fill fill) {
                    fills.add(fill);
                }
            });

    private static JsonNode order(String status, String qty, String exec, String avg, String limit) {
        return BrokerJson.parse("{\"AccountID\":\"SIM9\",\"OrderID\":\"555\",\"Status\":\"" + status + "\","
                + "\"OrderType\":\"Limit\",\"LimitPrice\":\"" + limit + "\",\"Duration\":\"DAY\","
                + (avg == null ? "" : "\"FilledPrice\":\"" + avg + "\",")
                + "\"OpenedDateTime\":\"2026-11-20T15:00:00Z\",\"Legs\":[{\"AssetType\":\"FUTURE\",\"BuyOrSell\":\"Buy\","
                + "\"Symbol\":\"ESZ26\",\"QuantityOrdered\":\"" + qty + "\",\"ExecQuantity\":\"" + exec + "\"}]}");
    }

    @Test
    void partialFillsBecomeOneFillEachWithTheirOwnPrice() {
        tracker.fromStream(order("OPN", "3", "0", null, "5002"), 1);
        tracker.fromStream(order("FPR", "3", "1", "5000", "5002"), 2);
        tracker.fromStream(order("FPR", "3", "1", "5000", "5002"), 3); // repeated state: nothing new
        tracker.fromStream(order("FLL", "3", "3", "5001", "5002"), 4);

        assertEquals(List.of("ORDER_NEW", "FILL", "FILL"), signals.stream().map(s -> s.kind().name()).toList());
        assertEquals(new BigDecimal("1"), signals.get(1).quantity());
        assertEquals(new BigDecimal("5000"), signals.get(1).price());
        assertEquals(new BigDecimal("2"), signals.get(2).quantity());
        assertEquals(new BigDecimal("5001.5"), signals.get(2).price(), "(3 × 5001 − 1 × 5000) / 2");
        assertEquals("acct-ts-9:555:fill:3", signals.get(2).sourceEventId());
        assertEquals(2, fills.size());
    }

    @Test
    void aPollOlderThanTheStreamCannotTakeAnOrderBack() {
        long pollSent = 10;
        tracker.fromStream(order("OPN", "1", "0", null, "5000"), 5);
        tracker.fromStream(order("OPN", "1", "0", null, "5001"), 11);  // modified, seen on the stream after the poll left
        tracker.fromPoll(order("OPN", "1", "0", null, "5000"), pollSent); // the poll still shows the old price
        tracker.fromStream(order("CAN", "1", "0", null, "5001"), 12);
        tracker.fromPoll(order("OPN", "1", "0", null, "5001"), 20);      // nothing leaves a final state

        assertEquals(List.of("ORDER_NEW", "ORDER_MODIFY", "ORDER_CANCEL"),
                signals.stream().map(s -> s.kind().name()).toList());
    }

    @Test
    void changingBackAndForthIsADistinctModifyEachTime() {
        tracker.fromStream(order("OPN", "1", "0", null, "5000"), 1);
        tracker.fromStream(order("ACK", "1", "0", null, "5001"), 2);
        tracker.fromStream(order("ACK", "1", "0", null, "5000"), 3);
        tracker.fromStream(order("ACK", "1", "0", null, "5001"), 4);

        assertEquals(List.of("acct-ts-9:555:new", "acct-ts-9:555:chg1:1/Limit/5001/", "acct-ts-9:555:chg2:1/Limit/5000/",
                "acct-ts-9:555:chg3:1/Limit/5001/"), signals.stream().map(Signal::sourceEventId).toList());
    }

    @Test
    void rejectedOrdersAreNeverCopiedAndOrdersOfOtherAccountsAreIgnored() {
        tracker.fromStream(order("REJ", "1", "0", null, "5000"), 1);
        JsonNode other = BrokerJson.parse(order("OPN", "1", "0", null, "5000").toString()
                .replace("SIM9", "SIM8").replace("\"555\"", "\"556\""));
        tracker.fromStream(other, 2);
        assertEquals(List.of(), signals);
    }
}
