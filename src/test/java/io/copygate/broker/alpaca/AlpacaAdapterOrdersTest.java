package io.copygate.broker.alpaca;

import static io.copygate.broker.alpaca.AlpacaTestSupport.buy;
import static io.copygate.broker.alpaca.AlpacaTestSupport.d;
import static io.copygate.broker.alpaca.AlpacaTestSupport.sell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Every order shape copygate sends to Alpaca, against the sandbox over loopback HTTP. */
class AlpacaAdapterOrdersTest extends AlpacaSandboxTestBase {

    private static JsonNode atBroker(Fixture f, CopyOrder o) {
        return sandbox.orderByClientId(f.name(), o.id());
    }

    private static JsonNode lastPostBody() {
        List<io.copygate.sim.alpaca.AlpacaSandbox.RecordedRequest> posts = sandbox.requests().stream()
                .filter(r -> r.method().equals("POST") && r.pathAndQuery().equals("/v2/orders")).toList();
        return AlpacaJson.read(posts.get(posts.size() - 1).body());
    }

    @Test
    void marketOrderGoesOutUnderTheCopyOrderIdAndFillsAtTheSandboxPrice() {
        Fixture f = newAccount("100000");
        sandbox.setPrice("MSFT", d("410.25"));
        CopyOrder order = buy("MSFT", "3").build();

        BrokerAck ack = adapter.place(order, f.account());

        JsonNode placed = atBroker(f, order);
        assertEquals(placed.path("id").asText(), ack.brokerOrderId());
        assertEquals("MSFT", ack.brokerSymbol());
        assertEquals("filled", placed.path("status").asText());
        assertEquals("410.25", placed.path("filled_avg_price").asText());
        JsonNode sent = lastPostBody();
        assertEquals(order.id(), sent.path("client_order_id").asText());
        assertEquals("3", sent.path("qty").asText());
        assertEquals("market", sent.path("type").asText());
        assertEquals("day", sent.path("time_in_force").asText());
        assertFalse(ack.foundOnLookup());
    }

    @Test
    void limitStopAndStopLimitOrdersWorkUntilAPriceCrossesThem() {
        Fixture f = newAccount("100000");
        sandbox.setPrice("NVDA", d("100"));
        CopyOrder limit = buy("NVDA", "5").limit("95.5").tif(TimeInForce.GTC).build();
        CopyOrder stop = buy("NVDA", "2").stop("110").build();
        CopyOrder stopLimit = sell("NVDA", "4").stopLimit("90", "89.5").tif(TimeInForce.GTC).build();
        adapter.place(limit, f.account());
        adapter.place(stop, f.account());
        adapter.place(stopLimit, f.account());
        assertEquals("new", atBroker(f, limit).path("status").asText());
        assertEquals("new", atBroker(f, stop).path("status").asText());

        sandbox.setPrice("NVDA", d("95"));
        assertEquals("filled", atBroker(f, limit).path("status").asText());
        assertEquals("95.5", atBroker(f, limit).path("filled_avg_price").asText(), "a resting limit fills at its limit");
        assertEquals("new", atBroker(f, stop).path("status").asText());

        sandbox.setPrice("NVDA", d("111"));
        assertEquals("filled", atBroker(f, stop).path("status").asText());
        assertEquals("new", atBroker(f, stopLimit).path("status").asText());

        sandbox.setPrice("NVDA", d("89.75"));
        assertEquals("filled", atBroker(f, stopLimit).path("status").asText());
        JsonNode sent = lastPostBody();
        assertEquals("stop_limit", sent.path("type").asText());
        assertEquals("90", sent.path("stop_price").asText());
        assertEquals("89.5", sent.path("limit_price").asText());
        assertEquals("gtc", sent.path("time_in_force").asText());
    }

    @Test
    void everyTimeInForceIsSentInAlpacasWords() {
        Fixture f = newAccount("100000");
        for (TimeInForce tif : TimeInForce.values()) {
            adapter.place(buy("AMD", "1").limit("50").tif(tif).build(), f.account());
            assertEquals(tif.name().toLowerCase(), lastPostBody().path("time_in_force").asText());
        }
    }

    @Test
    void fractionalQuantityGoesOutAsADayOrder() {
        Fixture f = newAccount("100000");
        sandbox.setPrice("AAPL", d("200"));
        CopyOrder order = buy("AAPL", "0.125").build();

        adapter.place(order, f.account());

        assertEquals("0.125", lastPostBody().path("qty").asText());
        assertEquals("0.125", atBroker(f, order).path("filled_qty").asText());
    }

    @Test
    void fractionalOrdersAlpacaWouldRefuseAreRefusedBeforeSending() {
        Fixture f = newAccount("100000");
        Fixture wholeSharesOnly = newAccount("100000", "fractional", "false");

        BrokerRejectedException gtc = assertThrows(BrokerRejectedException.class,
                () -> adapter.place(buy("AAPL", "0.5").tif(TimeInForce.GTC).build(), f.account()));
        BrokerRejectedException bracket = assertThrows(BrokerRejectedException.class,
                () -> adapter.place(buy("AAPL", "1.5").bracket("180", null, "220").build(), f.account()));
        BrokerRejectedException disabled = assertThrows(BrokerRejectedException.class,
                () -> adapter.place(buy("AAPL", "0.5").build(), wholeSharesOnly.account()));
        BrokerRejectedException tooPrecise = assertThrows(BrokerRejectedException.class,
                () -> adapter.place(buy("AAPL", "0.0000000001").build(), f.account()));

        assertTrue(gtc.getMessage().startsWith("timeInForce:"), gtc.getMessage());
        assertTrue(bracket.getMessage().startsWith("bracket:"), bracket.getMessage());
        assertTrue(disabled.getMessage().startsWith("quantity:") && disabled.getMessage().contains("fractional=false"),
                disabled.getMessage());
        assertTrue(tooPrecise.getMessage().startsWith("quantity:"), tooPrecise.getMessage());
        assertEquals(0, requests("POST", "/v2/orders"), "nothing Alpaca would refuse was sent");
    }

    @Test
    void notionalMarketDayOrderBuysForTheAmount() {
        Fixture f = newAccount("100000");
        sandbox.setPrice("AAPL", d("200"));
        CopyOrder order = buy("AAPL", "1").build();

        adapter.placeNotional(order, d("500.75"), f.account());

        JsonNode sent = lastPostBody();
        assertEquals("500.75", sent.path("notional").asText());
        assertTrue(sent.path("qty").isMissingNode(), "qty and notional are mutually exclusive");
        assertEquals(0, d("2.50375").compareTo(new BigDecimal(atBroker(f, order).path("filled_qty").asText())));
        assertThrows(BrokerRejectedException.class,
                () -> adapter.placeNotional(buy("AAPL", "1").limit("190").build(), d("500"), f.account()));
        assertThrows(BrokerRejectedException.class,
                () -> adapter.placeNotional(buy("AAPL", "1").build(), d("0.50"), f.account()));
        assertThrows(BrokerRejectedException.class,
                () -> adapter.placeNotional(buy("AAPL", "1").tif(TimeInForce.GTC).build(), d("50"), f.account()));
    }

    @Test
    void subPennyPricesAreRefusedBeforeSending() {
        Fixture f = newAccount("100000");
        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> adapter.place(buy("AAPL", "1").limit("190.123").build(), f.account()));
        assertTrue(e.getMessage().startsWith("limitPrice:"), e.getMessage());
        adapter.place(buy("SIRI", "10").limit("0.5123").build(), f.account()); // four decimals below $1 are fine
        assertEquals(1, requests("POST", "/v2/orders"));
    }

    @Test
    void bracketOrderIsSentWithBothExitsAndTheSandboxWorksThemAsLegs() {
        Fixture f = newAccount("100000");
        sandbox.setPrice("SPY", d("500"));
        CopyOrder order = buy("SPY", "10").limit("499").tif(TimeInForce.GTC).bracket("490", "489.5", "510").build();

        adapter.place(order, f.account());

        JsonNode sent = lastPostBody();
        assertEquals("bracket", sent.path("order_class").asText());
        assertEquals("510", sent.path("take_profit").path("limit_price").asText());
        assertEquals("490", sent.path("stop_loss").path("stop_price").asText());
        assertEquals("489.5", sent.path("stop_loss").path("limit_price").asText());
        JsonNode parent = atBroker(f, order);
        assertEquals(2, parent.path("legs").size());
        assertEquals("held", parent.path("legs").get(0).path("status").asText(), "exits wait for the entry");

        sandbox.setPrice("SPY", d("498"));
        JsonNode filled = atBroker(f, order);
        assertEquals("filled", filled.path("status").asText());
        assertEquals("new", filled.path("legs").get(0).path("status").asText());
        sandbox.setPrice("SPY", d("511"));
        JsonNode done = atBroker(f, order);
        assertEquals("filled", legOfType(done, "limit").path("status").asText());
        assertEquals("canceled", legOfType(done, "stop_limit").path("status").asText(), "one exit cancels the other");
    }

    private static JsonNode legOfType(JsonNode parent, String type) {
        for (JsonNode leg : parent.path("legs")) {
            if (leg.path("type").asText().equals(type)) {
                return leg;
            }
        }
        throw new AssertionError("no " + type + " leg in " + parent);
    }

    @Test
    void exitOnlyBracketOnALimitAtTheTakeProfitIsAnOco() {
        Fixture f = newAccount("100000");
        sandbox.setPosition(f.name(), "SPY", d("10"), d("480"));
        CopyOrder order = sell("SPY", "10").limit("510").tif(TimeInForce.GTC).bracket("490", null, "510").build();

        adapter.place(order, f.account());

        JsonNode sent = lastPostBody();
        assertEquals("oco", sent.path("order_class").asText());
        assertEquals("limit", sent.path("type").asText());
        JsonNode placed = atBroker(f, order);
        assertEquals("oco", placed.path("order_class").asText());
        assertEquals("stop", placed.path("legs").get(0).path("type").asText());
        assertEquals("new", placed.path("legs").get(0).path("status").asText(), "both OCO sides work at once");
    }

    @Test
    void entryWithOnlyAStopLossIsAnOto() {
        Fixture f = newAccount("100000");
        sandbox.setPrice("QQQ", d("400"));
        CopyOrder order = buy("QQQ", "2").bracket("380", null, null).build();

        adapter.place(order, f.account());

        assertEquals("oto", lastPostBody().path("order_class").asText());
        assertTrue(lastPostBody().path("take_profit").isMissingNode());
        JsonNode placed = atBroker(f, order);
        assertEquals("filled", placed.path("status").asText());
        assertEquals("new", placed.path("legs").get(0).path("status").asText(), "the entry filled, its stop works");
    }

    @Test
    void exitsAlpacaWouldRefuseAreRefusedBeforeSending() {
        Fixture f = newAccount("100000");
        BrokerRejectedException inverted = assertThrows(BrokerRejectedException.class,
                () -> adapter.place(buy("SPY", "1").bracket("510", null, "490").build(), f.account()));
        BrokerRejectedException ioc = assertThrows(BrokerRejectedException.class,
                () -> adapter.place(buy("SPY", "1").tif(TimeInForce.IOC).bracket("490", null, "510").build(), f.account()));
        BrokerRejectedException aboveEntry = assertThrows(BrokerRejectedException.class,
                () -> adapter.place(buy("SPY", "1").limit("500").bracket("500", null, "510").build(), f.account()));
        BrokerRejectedException crypto = assertThrows(BrokerRejectedException.class, () -> adapter.place(
                buy("X", "1").instrument(Instrument.crypto("BTC", "USD")).tif(TimeInForce.GTC).bracket("1", null, "2").build(),
                f.account()));
        assertTrue(inverted.getMessage().startsWith("takeProfit:"), inverted.getMessage());
        assertTrue(ioc.getMessage().startsWith("timeInForce:"), ioc.getMessage());
        assertTrue(aboveEntry.getMessage().startsWith("stopLoss:"), aboveEntry.getMessage());
        assertTrue(crypto.getMessage().startsWith("bracket:"), crypto.getMessage());
        assertEquals(0, requests("POST", "/v2/orders"));
    }

    @Test
    void cryptoPairsTradeAsGtcWithTheirSlashSymbol() {
        Fixture f = newAccount("100000");
        sandbox.setPrice("BTC/USD", d("60000"));
        CopyOrder order = buy("X", "0.0125").instrument(Instrument.crypto("BTC", "USD")).tif(null).build();

        BrokerAck ack = adapter.place(order, f.account());

        assertEquals("BTC/USD", ack.brokerSymbol());
        assertEquals("gtc", lastPostBody().path("time_in_force").asText());
        AlpacaPosition position = adapter.positions(f.account()).get(0);
        assertEquals(Instrument.crypto("BTC", "USD"), position.instrument());
        assertEquals(0, d("0.0125").compareTo(position.quantity()));
        assertThrows(BrokerRejectedException.class, () -> adapter.place(
                buy("X", "1").instrument(Instrument.crypto("ETH", "USD")).tif(TimeInForce.DAY).build(), f.account()));
        assertThrows(BrokerRejectedException.class, () -> adapter.place(
                buy("X", "1").instrument(Instrument.crypto("ETH", "USD")).type(OrderType.STOP).tif(TimeInForce.GTC)
                        .build(), f.account()));
    }

    @Test
    void modifyReplacesTheWorkingOrderFoundByItsClientIdAndARetryFindsItDone() {
        Fixture f = newAccount("100000");
        sandbox.setPrice("IBM", d("200"));
        CopyOrder entry = buy("IBM", "5").limit("150").tif(TimeInForce.GTC).build();
        BrokerAck placed = adapter.place(entry, f.account());
        CopyOrder modify = buy("IBM", "7").limit("151").tif(TimeInForce.GTC).modifyOf(entry.id()).build();

        BrokerAck replaced = adapter.modify(modify, f.account());
        BrokerAck again = adapter.modify(modify, f.account());

        assertNotEquals(placed.brokerOrderId(), replaced.brokerOrderId(), "Alpaca replaces by a new order");
        assertEquals("replaced", atBroker(f, entry).path("status").asText());
        JsonNode working = sandbox.orderByClientId(f.name(), modify.id());
        assertEquals(replaced.brokerOrderId(), working.path("id").asText());
        assertEquals("7", working.path("qty").asText());
        assertEquals("151", working.path("limit_price").asText());
        assertTrue(again.foundOnLookup());
        assertEquals(replaced.brokerOrderId(), again.brokerOrderId());
        assertEquals(1, requests("PATCH", "/v2/orders/"), "the retry sent no second replace");
    }

    @Test
    void modifyOfAReplacedTargetFollowsTheChainAndWholeSharesOnly() {
        Fixture f = newAccount("100000");
        CopyOrder entry = buy("IBM", "5").limit("150").build();
        adapter.place(entry, f.account());
        adapter.modify(buy("IBM", "6").limit("150").modifyOf(entry.id()).build(), f.account());

        // the planner may still name the first order: the adapter follows replaced_by to the working one
        BrokerAck second = adapter.modify(buy("IBM", "6").limit("149").modifyOf(entry.id()).build(), f.account());

        assertEquals("149", sandbox.orders(f.name()).stream().filter(o -> o.path("id").asText().equals(second.brokerOrderId()))
                .findFirst().orElseThrow().path("limit_price").asText());
        BrokerRejectedException fractional = assertThrows(BrokerRejectedException.class,
                () -> adapter.modify(buy("IBM", "6.5").limit("149").modifyOf(entry.id()).build(), f.account()));
        assertTrue(fractional.getMessage().startsWith("quantity:"), fractional.getMessage());
    }

    @Test
    void cancelFindsTheWorkingOrderByClientIdAndARetryIsAcknowledged() {
        Fixture f = newAccount("100000");
        CopyOrder entry = buy("ORCL", "5").limit("100").tif(TimeInForce.GTC).build();
        adapter.place(entry, f.account());
        CopyOrder modify = buy("ORCL", "5").limit("101").tif(TimeInForce.GTC).modifyOf(entry.id()).build();
        adapter.modify(modify, f.account());
        CopyOrder cancel = buy("ORCL", "5").cancelOf(entry.id()).build();

        BrokerAck canceled = adapter.cancel(cancel, f.account());
        BrokerAck again = adapter.cancel(cancel, f.account());

        assertEquals("pending_cancel", canceled.status());
        assertEquals("canceled", sandbox.orderByClientId(f.name(), modify.id()).path("status").asText(),
                "the cancel reached the order that replaced the target");
        assertTrue(again.foundOnLookup());
        assertEquals(1, requests("DELETE", "/v2/orders/"));
    }

    @Test
    void cancelOfAFilledOrderIsAlpacasRejectVerbatim() {
        Fixture f = newAccount("100000");
        sandbox.setPrice("KO", d("60"));
        CopyOrder entry = buy("KO", "1").build();
        adapter.place(entry, f.account());

        BrokerRejectedException e = assertThrows(BrokerRejectedException.class,
                () -> adapter.cancel(buy("KO", "1").cancelOf(entry.id()).build(), f.account()));
        BrokerRejectedException unknown = assertThrows(BrokerRejectedException.class,
                () -> adapter.cancel(buy("KO", "1").cancelOf("cgnosuchorder00000").build(), f.account()));

        assertEquals("order is already in \"filled\" state", e.getMessage());
        assertTrue(unknown.getMessage().startsWith("targetOrderId:") && unknown.getMessage().contains("cgnosuchorder00000"),
                unknown.getMessage());
    }

    @Test
    void asyncPlacementCompletesWithTheAckAndInvalidOrdersCompleteExceptionally() {
        Fixture f = newAccount("100000");
        CompletableFuture<BrokerAck> ok = adapter.placeAsync(buy("T", "10").limit("17").build(), f.account());
        CompletableFuture<BrokerAck> invalid = adapter.placeAsync(buy("T", "0").build(), f.account());

        assertEquals("T", ok.join().brokerSymbol());
        CompletionException e = assertThrows(CompletionException.class, invalid::join);
        assertTrue(e.getCause() instanceof BrokerRejectedException);
        assertTrue(e.getCause().getMessage().startsWith("quantity:"));
    }

    @Test
    void sellSideAndSymbolsAreAlpacas() {
        Fixture f = newAccount("100000");
        sandbox.setPosition(f.name(), "BRK.B", d("3"), d("400"));
        CopyOrder order = new AlpacaTestSupport.OrderBuilder().instrument(Instrument.equity("brk.b")).side(Side.SELL)
                .qty("3").limit("420").build();

        BrokerAck ack = adapter.place(order, f.account());

        assertEquals("BRK.B", ack.brokerSymbol());
        assertEquals("sell", lastPostBody().path("side").asText());
        assertThrows(BrokerRejectedException.class, () -> adapter.place(
                buy("X", "1").instrument(Instrument.future("ES", java.time.YearMonth.of(2026, 12))).build(), f.account()));
    }
}
