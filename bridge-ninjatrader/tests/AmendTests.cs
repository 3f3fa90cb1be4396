// Cancel, change and flatten.
using System;
using System.Linq;
using NinjaTrader.Cbi;
using NinjaTrader.Stub;

namespace Copygate.Tests
{
    public class AmendTests : CoreFixture
    {
        [Test]
        public void CancelWorkingOrderThenCancelAgainIsStill200()
        {
            Post("/orders", Limit("am-1", 4990));
            Reply r = Post("/orders/am-1/cancel", "");
            Assert.Equal(200, r.Status, r.ToString());
            Assert.Equal("cancelled", r.Str("state"));
            Assert.Equal(OrderState.Cancelled, NtOrder(Sim101, "am-1").OrderState);
            Reply again = Post("/orders/am-1/cancel", "{}");
            Assert.Equal(200, again.Status, again.ToString());
            Assert.Equal("cancelled", again.Str("state"));
        }

        [Test]
        public void CancelOfAFilledOrderIs409()
        {
            Post("/orders", Order("am-2"));
            Reply r = Post("/orders/am-2/cancel", "");
            Assert.Equal(409, r.Status, r.ToString());
            Assert.Equal("filled", r.Order.GetString("state"));
            Assert.Equal(400, Post("/orders/am-2/cancel", "{\"reason\":\"x\"}").Status, "cancel takes no fields");
        }

        [Test]
        public void ChangeLimitPriceAndQuantity()
        {
            Post("/orders", Limit("am-3", 4990));
            Reply r = Post("/orders/am-3/change", "{\"limitPrice\":4991.5,\"quantity\":3}");
            Assert.Equal(200, r.Status, r.ToString());
            Assert.Equal(4991.5, r.Num("limitPrice"));
            Assert.Equal(3, r.Int("quantity"));
            Assert.Equal("working", r.Str("state"));
            Order nt = NtOrder(Sim101, "am-3");
            Assert.Equal(4991.5, nt.LimitPrice);
            Assert.Equal(3, nt.Quantity);

            Reply q = Post("/orders/am-3/change", "{\"quantity\":1}");
            Assert.Equal(200, q.Status, q.ToString());
            Assert.Equal(4991.5, NtOrder(Sim101, "am-3").LimitPrice, "a field not sent keeps its value");
            Assert.Equal(1, NtOrder(Sim101, "am-3").Quantity);
        }

        [Test]
        public void ChangeCanMoveABracketStop()
        {
            Post("/orders", Order("am-4", ",\"stopLoss\":4990,\"takeProfit\":5010"));
            Reply r = Post("/orders/am-4-SL1/change", "{\"stopPrice\":5000}");
            Assert.Equal(422, r.Status, "a sell stop at the market is refused by NinjaTrader: " + r);
            Assert.True(r.Str("error").Contains("above the market"), r.Str("error"));
            Assert.Equal(4990.0, NtOrder(Sim101, "am-4-SL1").StopPrice, "unchanged after the refusal");
            Reply ok = Post("/orders/am-4-SL1/change", "{\"stopPrice\":4999.75}");
            Assert.Equal(200, ok.Status, ok.ToString());
            Assert.Equal(4999.75, NtOrder(Sim101, "am-4-SL1").StopPrice);
        }

        [Test]
        public void RefusedChangesLeaveTheOrderAlone()
        {
            Post("/orders", Limit("am-5", 4990, qty: "3"));
            SimEngine.Fill(NtOrder(Sim101, "am-5"), 2, 4990);
            SimEngine.WaitIdle();
            Assert.Equal(400, Post("/orders/am-5/change", "{}").Status, "nothing to change");
            Assert.Equal(400, Post("/orders/am-5/change", "{\"price\":1}").Status, "unknown field");
            Assert.Equal(422, Post("/orders/am-5/change", "{\"quantity\":2}").Status, "not above the filled 2");
            Assert.Equal(422, Post("/orders/am-5/change", "{\"quantity\":101}").Status, "above the maximum");
            Assert.Equal(422, Post("/orders/am-5/change", "{\"stopPrice\":4980}").Status, "a limit order has no stop");
            Assert.Equal(422, Post("/orders/am-5/change", "{\"limitPrice\":4990.1}").Status, "off tick");
            Order nt = NtOrder(Sim101, "am-5");
            Assert.Equal(3, nt.Quantity);
            Assert.Equal(4990.0, nt.LimitPrice);

            Post("/orders", Order("am-6"));
            Assert.Equal(409, Post("/orders/am-6/change", "{\"quantity\":5}").Status, "filled orders cannot change");
        }

        [Test]
        public void FlattenOneInstrumentCancelsItsOrdersAndClosesItsPosition()
        {
            Post("/orders", Order("am-7"));
            Post("/orders", Limit("am-8", 4980));
            Post("/orders", "{\"clientOrderId\":\"am-9\",\"account\":\"Sim101\",\"instrument\":\"NQ 12-25\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"market\"}");
            Reply r = Post("/positions/flatten", "{\"account\":\"Sim101\",\"instrument\":\"ES 12-25\"}");
            Assert.Equal(200, r.Status, r.ToString());
            Assert.Equal(true, r.Bool("flat"));
            Assert.Null(PositionOf(Sim101, "ES 12-25"), "ES flat");
            Assert.Equal(OrderState.Cancelled, NtOrder(Sim101, "am-8").OrderState);
            Assert.Equal(1, PositionOf(Sim101, "NQ 12-25").Quantity, "NQ untouched");
        }

        [Test]
        public void FlattenTheWholeAccount()
        {
            Post("/orders", Order("am-10"));
            Post("/orders", "{\"clientOrderId\":\"am-11\",\"account\":\"Sim101\",\"instrument\":\"NQ 12-25\",\"action\":\"sellShort\",\"quantity\":1,\"orderType\":\"market\"}");
            Post("/orders", Limit("am-12", 4980));
            Post("/orders", Order("am-13", account: "Sim102"));
            Reply r = Post("/positions/flatten", "{\"account\":\"Sim101\"}");
            Assert.Equal(200, r.Status, r.ToString());
            Assert.Equal(true, r.Bool("flat"));
            Assert.Equal("ES 12-25,NQ 12-25", string.Join(",", ((System.Collections.Generic.List<object>)r["instruments"]).Cast<string>().OrderBy(x => x)));
            Assert.Equal(0, Sim101.Positions.Count);
            Assert.Equal(OrderState.Cancelled, NtOrder(Sim101, "am-12").OrderState);
            Assert.Equal(2, PositionOf(Sim102, "ES 12-25").Quantity, "other accounts untouched");
        }

        [Test]
        public void FlattenRefusesBadInput()
        {
            Assert.Equal(400, Post("/positions/flatten", "").Status);
            Assert.Equal(400, Post("/positions/flatten", "{\"instrument\":\"ES 12-25\"}").Status);
            Assert.Equal(422, Post("/positions/flatten", "{\"account\":\"Live1\"}").Status);
            Assert.Equal(422, Post("/positions/flatten", "{\"account\":\"Sim101\",\"instrument\":\"ESZ5\"}").Status);
            Reply empty = Post("/positions/flatten", "{\"account\":\"Sim101\"}");
            Assert.Equal(200, empty.Status);
            Assert.Equal(0, ((System.Collections.Generic.List<object>)empty["instruments"]).Count);
        }

        [Test]
        public void FlattenCancelsAPendingBracketedEntryAndPlacesNoLegs()
        {
            Post("/orders", Limit("am-14", 4995, ",\"stopLoss\":4985,\"takeProfit\":5005"));
            Post("/positions/flatten", "{\"account\":\"Sim101\"}");
            SimEngine.SetPrice("ES", 4995); // the entry was cancelled by the flatten: nothing may fill or be bracketed
            SimEngine.WaitIdle();
            Assert.Equal(OrderState.Cancelled, NtOrder(Sim101, "am-14").OrderState);
            Assert.Equal(1, Sim101.Orders.Count, "no legs");
        }
    }
}
