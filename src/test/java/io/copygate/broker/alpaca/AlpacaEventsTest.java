package io.copygate.broker.alpaca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.alpaca.AlpacaEvents.Context;
import io.copygate.signal.Bracket;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure mapping of Alpaca orders and events, on Alpaca's own documented payloads. */
class AlpacaEventsTest {
    private static final Context CONTEXT = new Context(
            new BrokerAccount("master-1", "tenant-1", "alpaca", "PA1", Map.of(), Map.of()), Instant.EPOCH, "{}");

    /** The order of the fill example in Alpaca's streaming documentation. */
    private static final JsonNode DOCUMENTED_FILL = AlpacaJson.read("""
            {"asset_class":"crypto","client_order_id":"4642fd68-d59a-47d7-a9ac-e22f536828d1",
             "created_at":"2022-04-19T13:45:04.981350886-04:00","filled_at":"2022-04-19T17:45:05.024916716Z",
             "filled_avg_price":"105.8988475","filled_qty":"1790.86","id":"a5be8f5e-fdfa-41f5-a644-7a74fe947a8f",
             "legs":null,"limit_price":null,"notional":null,"order_class":"","order_type":"market","qty":"1790.86",
             "replaced_by":null,"replaces":null,"side":"sell","status":"filled","stop_price":null,
             "submitted_at":"2022-04-19T13:45:04.980944666-04:00","symbol":"SOLUSD","time_in_force":"gtc","type":"market"}
            """);

    @Test
    void theDocumentedFillBecomesAFillSignalWithAStableId() {
        Signal fill = AlpacaEvents.fill(CONTEXT, DOCUMENTED_FILL, new BigDecimal("1790.86"), new BigDecimal("105.8988475"),
                AlpacaEvents.fillTime(DOCUMENTED_FILL), "a5be8f5e-fdfa-41f5-a644-7a74fe947a8f").validate();

        assertEquals(SignalKind.FILL, fill.kind());
        assertEquals("a5be8f5e-fdfa-41f5-a644-7a74fe947a8f:fill:1790.86", fill.sourceEventId());
        assertEquals("SOL/USD", fill.instrument().symbol());
        assertEquals(Side.SELL, fill.side());
        assertEquals(Instant.parse("2022-04-19T17:45:05.024916716Z"), fill.sourceTime());
        assertEquals("alpaca", fill.source());
        assertEquals("master-1", fill.masterAccount());
    }

    @Test
    void aRestReadImpliesTheEventsTheStreamWouldHaveSent() {
        assertEquals(List.of("new", "fill"), AlpacaEvents.impliedEvents(DOCUMENTED_FILL));
        assertEquals(List.of("new", "fill", "replaced"), AlpacaEvents.impliedEvents(order("replaced", "2")));
        assertEquals(List.of("new", "canceled"), AlpacaEvents.impliedEvents(order("canceled", "0")));
        assertEquals(List.of("rejected"), AlpacaEvents.impliedEvents(order("rejected", "0")), "a rejected order never went new");
        assertEquals(List.of(), AlpacaEvents.impliedEvents(order("accepted", "0")));
    }

    @Test
    void aBracketParentCarriesItsExitsAndAnOcoIsItsOwnTakeProfit() {
        JsonNode bracket = AlpacaJson.read("""
                {"id":"p","symbol":"SPY","asset_class":"us_equity","side":"buy","type":"limit","limit_price":"499","qty":"2",
                 "time_in_force":"gtc","order_class":"bracket","status":"new","submitted_at":"2026-01-05T15:00:00Z",
                 "legs":[{"id":"tp","type":"limit","limit_price":"510","order_class":"bracket"},
                         {"id":"sl","type":"stop_limit","stop_price":"490","limit_price":"489.5","order_class":"bracket"}]}
                """);
        JsonNode oco = AlpacaJson.read("""
                {"id":"o","symbol":"SPY","asset_class":"us_equity","side":"sell","type":"limit","limit_price":"510","qty":"2",
                 "time_in_force":"gtc","order_class":"oco","status":"new","legs":[{"id":"s","type":"stop","stop_price":"490"}]}
                """);

        Signal entry = AlpacaEvents.newOrder(CONTEXT, bracket, "p").validate();

        assertEquals("p:new", entry.sourceEventId());
        assertEquals(OrderType.LIMIT, entry.orderType());
        assertEquals(TimeInForce.GTC, entry.timeInForce());
        assertEquals(new Bracket(new BigDecimal("490"), new BigDecimal("489.5"), new BigDecimal("510")), entry.bracket());
        assertEquals(new Bracket(new BigDecimal("490"), null, new BigDecimal("510")), AlpacaEvents.bracket(oco));
    }

    @Test
    void shapesCopygateCannotCopyGiveNoNewOrder() {
        JsonNode notional = AlpacaJson.read("""
                {"id":"n","symbol":"AAPL","asset_class":"us_equity","side":"buy","type":"market","notional":"500","qty":null,
                 "time_in_force":"day","order_class":"","status":"new"}""");
        JsonNode trailing = AlpacaJson.read("""
                {"id":"t","symbol":"AAPL","asset_class":"us_equity","side":"sell","type":"trailing_stop","qty":"1",
                 "time_in_force":"day","order_class":"","status":"new"}""");
        assertNull(AlpacaEvents.newOrder(CONTEXT, notional, "n"));
        assertNull(AlpacaEvents.newOrder(CONTEXT, trailing, "t"));
    }

    @Test
    void theCatchUpPricesTheExecutionsItMissedFromTheAverages() {
        // 2 at 150 seen; now 5 at an average of 149.4: the 3 missed executions averaged 149
        assertEquals(new BigDecimal("149"), AlpacaEvents.priceBetween(new BigDecimal("2"), new BigDecimal("150"),
                new BigDecimal("5"), new BigDecimal("149.4")));
        assertEquals(new BigDecimal("149.4"), AlpacaEvents.priceBetween(BigDecimal.ZERO, null,
                new BigDecimal("5"), new BigDecimal("149.4")));
    }

    private static JsonNode order(String status, String filledQty) {
        return AlpacaJson.read("{\"id\":\"x\",\"status\":\"" + status + "\",\"filled_qty\":\"" + filledQty + "\"}");
    }
}
