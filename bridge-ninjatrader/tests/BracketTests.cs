// Brackets: stop-loss + take-profit go in as an OCO pair only after the entry fills, sized to
// what filled; they protect the position until one side fills or the position is closed.
using System;
using System.Collections.Generic;
using System.Linq;
using NinjaTrader.Cbi;
using NinjaTrader.Stub;

namespace Copygate.Tests
{
    public class BracketTests : CoreFixture
    {
        private const string Bracket = ",\"stopLoss\":4990,\"takeProfit\":5010";

        private List<Order> Legs(string id)
        {
            lock (Sim101.Orders) return Sim101.Orders.Where(o => o.Name.StartsWith(id + "-")).OrderBy(o => o.Name).ToList();
        }

        [Test]
        public void MarketEntryGetsAnOcoPairOnceFilled()
        {
            Reply r = Post("/orders", Order("br-1", Bracket));
            Assert.Equal(200, r.Status, r.ToString());
            List<Order> legs = Legs("br-1");
            Assert.Equal("br-1-SL1,br-1-TP1", string.Join(",", legs.Select(o => o.Name)));
            Order sl = legs[0], tp = legs[1];
            Assert.Equal(OrderType.StopMarket, sl.OrderType);
            Assert.Equal(4990.0, sl.StopPrice);
            Assert.Equal(OrderType.Limit, tp.OrderType);
            Assert.Equal(5010.0, tp.LimitPrice);
            Assert.Equal(OrderAction.Sell, sl.OrderAction);
            Assert.Equal(2, sl.Quantity);
            Assert.Equal(2, tp.Quantity);
            Assert.Equal("br-1-B1", sl.Oco);
            Assert.Equal(sl.Oco, tp.Oco);
            Assert.Equal(TimeInForce.Gtc, sl.TimeInForce);
            Assert.Equal(OrderState.Working, sl.OrderState);

            Reply leg = Get("/orders/br-1-SL1");
            Assert.Equal(200, leg.Status);
            Assert.Equal("br-1", leg.Str("parentClientOrderId"));
        }

        [Test]
        public void LimitEntryHasNoLegsUntilItFills()
        {
            Post("/orders", Limit("br-2", 4995, ",\"stopLoss\":4985,\"takeProfit\":5005"));
            Assert.Equal(0, Legs("br-2").Count, "no legs while the entry works");
            SimEngine.SetPrice("ES", 4995);
            SimEngine.WaitIdle();
            Assert.Equal(2, Legs("br-2").Count);
            Assert.True(Legs("br-2").All(o => o.Quantity == 2 && o.OrderState == OrderState.Working), "both legs cover the fill");
        }

        [Test]
        public void PartialFillsAreCoveredPairByPair()
        {
            Post("/orders", Limit("br-3", 4995, ",\"stopLoss\":4985,\"takeProfit\":5005", qty: "3"));
            Order entry = NtOrder(Sim101, "br-3");
            SimEngine.Fill(entry, 1, 4995);
            SimEngine.WaitIdle();
            Assert.Equal("br-3-SL1:1,br-3-TP1:1", string.Join(",", Legs("br-3").Select(o => o.Name + ":" + o.Quantity)));
            SimEngine.Fill(entry, 2, 4995);
            SimEngine.WaitIdle();
            Assert.Equal("br-3-SL1:1,br-3-SL2:2,br-3-TP1:1,br-3-TP2:2", string.Join(",", Legs("br-3").Select(o => o.Name + ":" + o.Quantity)));
            Assert.Equal("br-3-B2", NtOrder(Sim101, "br-3-SL2").Oco);

            SimEngine.SetPrice("ES", 4985); // every stop triggers, every target is cancelled by its OCO
            SimEngine.WaitIdle();
            Assert.True(Legs("br-3").Where(o => o.Name.Contains("SL")).All(o => o.OrderState == OrderState.Filled), "stops filled");
            Assert.True(Legs("br-3").Where(o => o.Name.Contains("TP")).All(o => o.OrderState == OrderState.Cancelled), "targets cancelled");
            Assert.Null(PositionOf(Sim101, "ES 12-25"), "flat");
        }

        [Test]
        public void TargetFillCancelsTheStop()
        {
            Post("/orders", Order("br-4", Bracket));
            SimEngine.SetPrice("ES", 5010);
            SimEngine.WaitIdle();
            Assert.Equal(OrderState.Filled, NtOrder(Sim101, "br-4-TP1").OrderState);
            Assert.Equal(OrderState.Cancelled, NtOrder(Sim101, "br-4-SL1").OrderState);
            Assert.Null(PositionOf(Sim101, "ES 12-25"), "flat");
            Assert.Equal(3, Sim101.Orders.Count, "no further legs");
        }

        [Test]
        public void ShortEntryGetsBuyToCoverLegsOnTheOtherSide()
        {
            Post("/orders", "{\"clientOrderId\":\"br-5\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"sellShort\",\"quantity\":1,\"orderType\":\"market\",\"stopLoss\":5010,\"takeProfit\":4990}");
            Order sl = NtOrder(Sim101, "br-5-SL1"), tp = NtOrder(Sim101, "br-5-TP1");
            Assert.Equal(OrderAction.BuyToCover, sl.OrderAction);
            Assert.Equal(5010.0, sl.StopPrice);
            Assert.Equal(4990.0, tp.LimitPrice);
        }

        [Test]
        public void StopLossAloneIsASingleLegWithoutOco()
        {
            Post("/orders", Order("br-6", ",\"stopLoss\":4990"));
            Assert.Equal("br-6-SL1", string.Join(",", Legs("br-6").Select(o => o.Name)));
            Assert.Equal("", NtOrder(Sim101, "br-6-SL1").Oco);
        }

        [Test]
        public void CancelledPartlyFilledEntryKeepsLegsForTheFilledPartOnly()
        {
            Post("/orders", Limit("br-7", 4995, ",\"stopLoss\":4985,\"takeProfit\":5005", qty: "3"));
            SimEngine.Fill(NtOrder(Sim101, "br-7"), 1, 4995);
            SimEngine.WaitIdle();
            Assert.Equal(200, Post("/orders/br-7/cancel", "").Status);
            Assert.Equal("br-7-SL1:1:Working,br-7-TP1:1:Working", string.Join(",", Legs("br-7").Select(o => o.Name + ":" + o.Quantity + ":" + o.OrderState)));
        }

        [Test]
        public void RejectedEntryGetsNoLegs()
        {
            SimEngine.RejectNext(Sim101, "Order rejected: account locked");
            Assert.Equal(422, Post("/orders", Order("br-8", Bracket)).Status);
            Assert.Equal(0, Legs("br-8").Count);
        }

        [Test]
        public void LegsAreCancelledWhenThePositionIsClosedAnotherWay()
        {
            Post("/orders", Order("br-9", Bracket));
            SimEngine.PlaceManual(Sim101, "ES 12-25", OrderAction.Sell, OrderType.Market, 2, 0, 0, "Close", "");
            SimEngine.WaitIdle();
            Assert.Null(PositionOf(Sim101, "ES 12-25"), "trader closed the position");
            Assert.True(Legs("br-9").All(o => o.OrderState == OrderState.Cancelled), "no stop left to reopen a position");
        }

        [Test]
        public void FillWhileTheAddOnWasDownIsCoveredOnRestart()
        {
            Post("/orders", Limit("br-10", 4995, ",\"stopLoss\":4985,\"takeProfit\":5005"));
            Core.Dispose(); // NinjaTrader keeps running, the add-on is gone (recompile)
            SimEngine.SetPrice("ES", 4995);
            SimEngine.WaitIdle();
            Assert.Equal(0, Legs("br-10").Count, "nobody placed legs meanwhile");
            StartCore();
            SimEngine.WaitIdle();
            Assert.Equal("br-10-SL1:2,br-10-TP1:2", string.Join(",", Legs("br-10").Select(o => o.Name + ":" + o.Quantity)));
        }

        [Test]
        public void RestartContinuesAPartlyCoveredEntryWithoutDoubleCover()
        {
            Post("/orders", Limit("br-11", 4995, ",\"stopLoss\":4985,\"takeProfit\":5005", qty: "3"));
            SimEngine.Fill(NtOrder(Sim101, "br-11"), 1, 4995);
            SimEngine.WaitIdle();
            StartCore();
            SimEngine.WaitIdle();
            Assert.Equal(2, Legs("br-11").Count, "restart adds nothing for the covered contract");
            SimEngine.SetPrice("ES", 4995);
            SimEngine.WaitIdle();
            Assert.Equal("br-11-SL1:1,br-11-SL2:2,br-11-TP1:1,br-11-TP2:2", string.Join(",", Legs("br-11").Select(o => o.Name + ":" + o.Quantity)));
        }
    }
}
