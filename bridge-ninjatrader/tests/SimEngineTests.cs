// The add-on's tests are only as good as the stub they run on: these pin the stub's
// NinjaTrader-like behaviour (event order, rejection, crossing, OCO, positions).
using System;
using System.Collections.Generic;
using System.Linq;
using NinjaTrader.Cbi;
using NinjaTrader.Stub;

namespace Copygate.Tests
{
    public class SimEngineTests : IDisposable
    {
        private readonly Account sim;
        private readonly List<string> seen = new List<string>();

        public SimEngineTests()
        {
            SimEngine.Reset();
            sim = SimEngine.AddAccount("Sim101");
            sim.OrderUpdate += (s, e) => { lock (seen) seen.Add("order " + e.Order.Name + " " + e.OrderState + (e.Error == ErrorCode.NoError ? "" : " " + e.Error)); };
            sim.ExecutionUpdate += (s, e) => { lock (seen) seen.Add("execution " + e.Execution.Order.Name + " " + e.Quantity + "@" + e.Price); };
            SimEngine.SetPrice("ES", 5000);
        }

        public void Dispose() { SimEngine.Reset(); }

        private Order Place(OrderAction action, OrderType type, int qty, double limit, double stop, string name, string oco = "")
        {
            Order o = sim.CreateOrder(Instrument.GetInstrument("ES 12-25"), action, type, OrderEntry.Automated, TimeInForce.Day, qty, limit, stop,
                oco, name, NinjaTrader.Core.Globals.MaxDate, null);
            sim.Submit(new[] { o });
            SimEngine.WaitIdle();
            return o;
        }

        [Test]
        public void MarketOrderFillsAtTheLastPriceWithOrderUpdatesBeforeTheExecution()
        {
            Order o = Place(OrderAction.Buy, OrderType.Market, 2, 0, 0, "m1");
            Assert.Equal(OrderState.Filled, o.OrderState);
            Assert.Equal(5000.0, o.AverageFillPrice);
            Assert.Equal("order m1 Submitted|order m1 Accepted|order m1 Working|order m1 Filled|execution m1 2@5000", string.Join("|", seen));
            Assert.Equal(2, sim.Positions.Single().Quantity);
            Assert.Equal(MarketPosition.Long, sim.Positions.Single().MarketPosition);
        }

        [Test]
        public void BadSubmitIsRejectedThroughOrderUpdate()
        {
            SimEngine.RejectNext(sim, "Order rejected: insufficient margin");
            Order o = Place(OrderAction.Buy, OrderType.Market, 1, 0, 0, "r1");
            Assert.Equal(OrderState.Rejected, o.OrderState);
            Assert.Equal("order r1 Submitted|order r1 Rejected OrderRejected", string.Join("|", seen));
            Assert.Equal(0, sim.Positions.Count);

            Order stop = Place(OrderAction.Buy, OrderType.StopMarket, 1, 0, 4990, "r2");
            Assert.Equal(OrderState.Rejected, stop.OrderState);
        }

        [Test]
        public void LimitWorksUntilThePriceCrossesIt()
        {
            Order o = Place(OrderAction.Buy, OrderType.Limit, 1, 4995, 0, "l1");
            Assert.Equal(OrderState.Working, o.OrderState);
            SimEngine.SetPrice("ES", 4996);
            SimEngine.WaitIdle();
            Assert.Equal(OrderState.Working, o.OrderState);
            SimEngine.SetPrice("ES", 4995);
            SimEngine.WaitIdle();
            Assert.Equal(OrderState.Filled, o.OrderState);
            Assert.Equal(4995.0, o.AverageFillPrice);
        }

        [Test]
        public void OcoFillCancelsTheSiblingAndPartialFillShrinksIt()
        {
            Place(OrderAction.Buy, OrderType.Market, 2, 0, 0, "entry");
            Order target = Place(OrderAction.Sell, OrderType.Limit, 2, 5010, 0, "tp", "g1");
            Order stop = Place(OrderAction.Sell, OrderType.StopMarket, 2, 0, 4990, "sl", "g1");
            SimEngine.Fill(target, 1, 5010);
            SimEngine.WaitIdle();
            Assert.Equal(1, stop.Quantity, "stop shrinks with the partial target fill");
            Assert.Equal(OrderState.Working, stop.OrderState);
            SimEngine.SetPrice("ES", 5010);
            SimEngine.WaitIdle();
            Assert.Equal(OrderState.Filled, target.OrderState);
            Assert.Equal(OrderState.Cancelled, stop.OrderState);
            Assert.Equal(0, sim.Positions.Count);
        }

        [Test]
        public void FlattenCancelsWorkingOrdersAndClosesThePosition()
        {
            Place(OrderAction.SellShort, OrderType.Market, 3, 0, 0, "short");
            Order resting = Place(OrderAction.BuyToCover, OrderType.Limit, 3, 4900, 0, "cover");
            sim.Flatten(new[] { Instrument.GetInstrument("ES 12-25") });
            SimEngine.WaitIdle();
            Assert.Equal(OrderState.Cancelled, resting.OrderState);
            Assert.Equal(0, sim.Positions.Count);
            Assert.True(sim.Orders.Any(o => o.Name == "Close" && o.OrderState == OrderState.Filled && o.OrderAction == OrderAction.BuyToCover), "Close order filled");
        }

        [Test]
        public void UnknownInstrumentNamesResolveToNull()
        {
            Assert.Null(Instrument.GetInstrument("ZZ 12-25"), "unknown root");
            Assert.Null(Instrument.GetInstrument("ES 13-25"), "bad month");
            Assert.Null(Instrument.GetInstrument("ESZ5"), "other broker's symbol form");
            Assert.True(ReferenceEquals(Instrument.GetInstrument("ES 12-25"), Instrument.GetInstrument("ES 12-25")), "instances are shared");
        }
    }
}
