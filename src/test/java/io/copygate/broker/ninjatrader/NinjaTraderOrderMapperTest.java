package io.copygate.broker.ninjatrader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderState;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NinjaTraderOrderMapperTest {
    private static final NinjaTraderConfig SIM101 = NinjaTraderConfig.of(new BrokerAccount("nt1", "t1", "ninjatrader", "Sim101",
            Map.of("mode", "dialout"), Map.of("token", "0123456789abcdef")));
    private static final Instrument ESZ25 = Instrument.future("ES", YearMonth.of(2025, 12));

    static CopyOrder order(Side side, String qty, OrderType type, String limit, String stop, TimeInForce tif, Bracket bracket) {
        return new CopyOrder("cgabcdefghijklmnop", "s1", "l1", "t1", "nt1", "ninjatrader", OrderIntent.PLACE, null, ESZ25, side,
                new BigDecimal(qty), type, limit == null ? null : new BigDecimal(limit), stop == null ? null : new BigDecimal(stop),
                tif, bracket, null, CopyOrderState.PLANNED, 0, Instant.now(), null);
    }

    private static String json(JsonNode node) {
        return NinjaTraderOrderMapper.write(node);
    }

    @Test
    void aMarketBuyIsTheAddOnsPlaceRequestUnderTheCopyOrdersId() {
        JsonNode body = NinjaTraderOrderMapper.placeRequest(order(Side.BUY, "2", OrderType.MARKET, null, null, null, null), SIM101);
        assertEquals("{\"clientOrderId\":\"cgabcdefghijklmnop\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\","
                + "\"action\":\"buy\",\"quantity\":2,\"orderType\":\"market\",\"timeInForce\":\"day\"}", json(body));
    }

    @Test
    void pricesTypesTimeInForceAndBracketsAreSentExactly() {
        JsonNode limit = NinjaTraderOrderMapper.placeRequest(order(Side.SELL, "1.000", OrderType.LIMIT, "6E+3", null, TimeInForce.GTC,
                new Bracket(new BigDecimal("6010.25"), null, new BigDecimal("5950.50"))), SIM101);
        assertEquals("{\"clientOrderId\":\"cgabcdefghijklmnop\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\","
                + "\"action\":\"sell\",\"quantity\":1,\"orderType\":\"limit\",\"limitPrice\":6000,\"timeInForce\":\"gtc\","
                + "\"stopLoss\":6010.25,\"takeProfit\":5950.50}", json(limit));
        JsonNode stop = NinjaTraderOrderMapper.placeRequest(order(Side.SELL, "1", OrderType.STOP, null, "5990", TimeInForce.IOC, null), SIM101);
        assertEquals("stopMarket", stop.get("orderType").asText());
        assertEquals("5990", stop.get("stopPrice").decimalValue().toPlainString());
        assertFalse(stop.has("limitPrice"));
        assertEquals("ioc", stop.get("timeInForce").asText());
        JsonNode stopLimit = NinjaTraderOrderMapper.placeRequest(order(Side.BUY, "3", OrderType.STOP_LIMIT, "6001", "6000", null, null), SIM101);
        assertEquals("stopLimit", stopLimit.get("orderType").asText());
        assertTrue(stopLimit.has("limitPrice") && stopLimit.has("stopPrice"));
    }

    @Test
    void whatTheAddOnCannotExpressIsRefusedBeforeAnythingIsSent() {
        assertTrue(assertThrows(BrokerRejectedException.class, () -> NinjaTraderOrderMapper.placeRequest(
                order(Side.BUY, "1.5", OrderType.MARKET, null, null, null, null), SIM101)).getMessage().contains("whole contracts"));
        assertTrue(assertThrows(BrokerRejectedException.class, () -> NinjaTraderOrderMapper.placeRequest(
                order(Side.BUY, "1", OrderType.MARKET, null, null, TimeInForce.FOK, null), SIM101)).getMessage().contains("FOK"));
        assertTrue(assertThrows(BrokerRejectedException.class, () -> NinjaTraderOrderMapper.placeRequest(
                order(Side.BUY, "1", OrderType.MARKET, null, null, null, new Bracket(new BigDecimal("5990"), new BigDecimal("5989"), null)),
                SIM101)).getMessage().contains("stop-limit stop-loss"));
        CopyOrder equity = new CopyOrder("cgabcdefghijklmnop", "s1", "l1", "t1", "nt1", "ninjatrader", OrderIntent.PLACE, null,
                Instrument.equity("AAPL"), Side.SELL, BigDecimal.ONE, OrderType.MARKET, null, null, null, null, null,
                CopyOrderState.PLANNED, 0, Instant.now(), null);
        assertTrue(assertThrows(BrokerRejectedException.class, () -> NinjaTraderOrderMapper.placeRequest(equity, SIM101))
                .getMessage().contains("futures only"));
    }

    @Test
    void aChangeSendsTheQuantityAndOnlyThePricesTheOrderTypeHas() {
        CopyOrder modify = new CopyOrder("cgmodify0000000000", "s2", "l1", "t1", "nt1", "ninjatrader", OrderIntent.MODIFY,
                "cgabcdefghijklmnop", ESZ25, Side.BUY, new BigDecimal("2"), OrderType.LIMIT, new BigDecimal("5980.5"),
                new BigDecimal("1"), TimeInForce.DAY, null, null, CopyOrderState.PLANNED, 0, Instant.now(), null);
        assertEquals("{\"quantity\":2,\"limitPrice\":5980.5}", json(NinjaTraderOrderMapper.changeRequest(modify)));
    }

    @Test
    void theAddOnsOrderObjectIsTheAckAndARejectedOneIsAReject() throws Exception {
        BrokerAck ack = NinjaTraderOrderMapper.ack(NinjaTraderOrderMapper.JSON.readTree(
                "{\"clientOrderId\":\"c1\",\"orderId\":\"8a1e\",\"instrument\":\"ES 12-25\",\"state\":\"filled\",\"duplicate\":false}"));
        assertEquals(new BrokerAck("8a1e", "ES 12-25", "filled", false), ack);
        assertTrue(NinjaTraderOrderMapper.ack(NinjaTraderOrderMapper.JSON.readTree(
                "{\"clientOrderId\":\"c1\",\"orderId\":null,\"instrument\":\"ES 12-25\",\"state\":\"unknown\",\"duplicate\":true}"))
                .foundOnLookup(), "a repeat the add-on answers with its existing order was not placed again");
        BrokerRejectedException rejected = assertThrows(BrokerRejectedException.class, () -> NinjaTraderOrderMapper.ack(
                NinjaTraderOrderMapper.JSON.readTree("{\"clientOrderId\":\"c1\",\"state\":\"rejected\",\"error\":\"Order rejected: margin\","
                        + "\"duplicate\":true}")));
        assertEquals("Order rejected: margin", rejected.getMessage());
    }
}
