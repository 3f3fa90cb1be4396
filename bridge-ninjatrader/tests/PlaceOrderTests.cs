using System;
using System.Linq;
using NinjaTrader.Cbi;
using NinjaTrader.NinjaScript.AddOns.Copygate;
using NinjaTrader.Stub;

namespace Copygate.Tests
{
    public class PlaceOrderTests : CoreFixture
    {
        [Test]
        public void MarketOrderIsPlacedUnderItsClientOrderIdAndFills()
        {
            Reply r = Post("/orders", Order("cg-1"));
            Assert.Equal(200, r.Status, r.ToString());
            Assert.Equal(false, r.Bool("duplicate"));
            Order nt = NtOrder(Sim101, "cg-1");
            Assert.NotNull(nt, "NinjaTrader order named after the clientOrderId");
            Assert.Equal(OrderEntry.Automated, nt.OrderEntry);
            Assert.Equal(OrderAction.Buy, nt.OrderAction);
            Assert.Equal(2, nt.Quantity);
            Assert.Equal(nt.OrderId, r.Str("orderId"));

            Reply got = Get("/orders/cg-1");
            Assert.Equal("filled", got.Str("state"));
            Assert.Equal(2, got.Int("filled"));
            Assert.Equal(5000.0, got.Num("averageFillPrice"));
            Assert.Equal(2, PositionOf(Sim101, "ES 12-25").Quantity);
        }

        [Test]
        public void ResponseCarriesEveryContractField()
        {
            Reply r = Post("/orders", Limit("cg-2", 4990.25, ",\"ocoId\":\"grp-1\",\"timeInForce\":\"gtc\""));
            Assert.Equal(200, r.Status, r.ToString());
            string[] fields =
            {
                "clientOrderId", "name", "orderId", "account", "instrument", "action", "quantity", "orderType", "limitPrice", "stopPrice",
                "timeInForce", "state", "filled", "averageFillPrice", "ocoId", "parentClientOrderId", "error", "duplicate",
            };
            Assert.Equal(string.Join(",", fields), string.Join(",", r.Body.Select(m => m.Key)));
            Assert.Equal("cg-2", r.Str("clientOrderId"));
            Assert.Equal("Sim101", r.Str("account"));
            Assert.Equal("ES 12-25", r.Str("instrument"));
            Assert.Equal("limit", r.Str("orderType"));
            Assert.Equal(4990.25, r.Num("limitPrice"));
            Assert.Null(r["stopPrice"], "a limit order has no stop price");
            Assert.Null(r["averageFillPrice"], "nothing filled yet");
            Assert.Equal("working", r.Str("state"));
            Assert.Equal("gtc", r.Str("timeInForce"));
            Assert.Equal("grp-1", r.Str("ocoId"));
            Assert.Equal(TimeInForce.Gtc, NtOrder(Sim101, "cg-2").TimeInForce);
            Assert.Equal("grp-1", NtOrder(Sim101, "cg-2").Oco);
        }

        [Test]
        public void EveryActionAndOrderTypeMapsToNinjaTrader()
        {
            Assert.Equal(200, Post("/orders", "{\"clientOrderId\":\"a1\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"sellShort\",\"quantity\":1,\"orderType\":\"stopMarket\",\"stopPrice\":4980}").Status);
            Assert.Equal(200, Post("/orders", "{\"clientOrderId\":\"a2\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"buyToCover\",\"quantity\":1,\"orderType\":\"stopLimit\",\"stopPrice\":5020,\"limitPrice\":5021}").Status);
            Assert.Equal(200, Post("/orders", "{\"clientOrderId\":\"a3\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"sell\",\"quantity\":1,\"orderType\":\"limit\",\"limitPrice\":5030,\"timeInForce\":\"ioc\"}").Status);
            Order a1 = NtOrder(Sim101, "a1"), a2 = NtOrder(Sim101, "a2"), a3 = NtOrder(Sim101, "a3");
            Assert.Equal(OrderAction.SellShort, a1.OrderAction);
            Assert.Equal(OrderType.StopMarket, a1.OrderType);
            Assert.Equal(4980.0, a1.StopPrice);
            Assert.Equal(OrderAction.BuyToCover, a2.OrderAction);
            Assert.Equal(OrderType.StopLimit, a2.OrderType);
            Assert.Equal(5021.0, a2.LimitPrice);
            Assert.Equal(TimeInForce.Ioc, a3.TimeInForce);
            Assert.Equal(OrderState.Cancelled, a3.OrderState, "IOC limit away from the market is cancelled");
        }

        [Test]
        public void NinjaTraderRejectionIs422AndNamesTheReason()
        {
            SimEngine.RejectNext(Sim101, "Order rejected: insufficient margin");
            Reply r = Post("/orders", Order("cg-rej"));
            Assert.Equal(422, r.Status, r.ToString());
            Assert.True(r.Str("error").Contains("insufficient margin"), "reason in error: " + r.Str("error"));
            Assert.Equal("rejected", r.Order.GetString("state"));
            Assert.Null(PositionOf(Sim101, "ES 12-25"), "nothing filled");

            // The id stays used: a retry reports the rejected order instead of placing a new one.
            Reply again = Post("/orders", Order("cg-rej"));
            Assert.Equal(200, again.Status, again.ToString());
            Assert.Equal(true, again.Bool("duplicate"));
            Assert.Equal("rejected", again.Str("state"));
            Assert.True(again.Str("error").Contains("insufficient margin"), "reason kept");
            Assert.Equal(1, CountOrders());
        }

        [Test]
        public void NoMarketDataRejectionFromTheSimulatorIsReported()
        {
            SimEngine.Reset();
            Sim101 = SimEngine.AddAccount("Sim101");
            Reply r = Post("/orders", Order("cg-nodata"));
            Assert.Equal(422, r.Status, r.ToString());
            Assert.True(r.Str("error").Contains("no market data"), r.Str("error"));
        }

        [Test]
        public void LookupListsAndHealth()
        {
            Post("/orders", Order("cg-l1"));
            SimEngine.PlaceManual(Sim101, "ES 12-25", OrderAction.Sell, OrderType.Limit, 1, 5050, 0, "Target1", "");
            SimEngine.WaitIdle();

            Reply list = Get("/orders?account=Sim101");
            Assert.Equal(200, list.Status);
            var orders = list.List("orders");
            Assert.Equal(2, orders.Count);
            Assert.Equal("cg-l1", orders[0].GetString("clientOrderId"));
            Assert.Null(orders[1].GetString("clientOrderId"), "a trader's own order has no clientOrderId");
            Assert.Equal("Target1", orders[1].GetString("name"));

            Reply pos = Get("/positions?account=Sim101");
            JsonObject p = pos.List("positions").Single();
            Assert.Equal("long", p.GetString("marketPosition"));
            Assert.Equal(2, J.Int(p, "quantity"));
            Assert.Equal(5000.0, J.Num(p, "averagePrice"));

            var names = Get("/accounts").List("accounts").Select(a => a.GetString("name"));
            Assert.Equal("Sim101,Sim102", string.Join(",", names), "only enabled accounts");
            Assert.Equal("ok", Get("/health").Str("status"));
        }

        [Test]
        public void UnknownOrdersEndpointsAndMethods()
        {
            Reply missing = Get("/orders/nope-1");
            Assert.Equal(404, missing.Status);
            Assert.Equal("clientOrderId", missing.Str("field"));
            Assert.True(missing.Str("error").Length > 0, "error text");
            Assert.Equal(404, Post("/orders/nope-1/cancel", "").Status);
            Assert.Equal(404, Post("/orders/nope-1/change", "{\"quantity\":1}").Status);
            Assert.Equal(404, Get("/nothing").Status);
            Assert.Equal(405, Handler.Handle(BridgeRequest.FromText("DELETE", "/orders/x", null)).Status);
            Assert.Equal(405, Post("/health", "").Status);
            Assert.Equal(400, Get("/orders").Status);
            Assert.Equal(400, Get("/positions").Status);
            Assert.Equal(422, Get("/positions?account=Live1").Status);
            Assert.Equal(0, CountOrders());
        }
    }
}
