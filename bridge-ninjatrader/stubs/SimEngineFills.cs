// TEST STUB: matching and fills of the simulated account (see SimEngine.cs).
using System;
using System.Linq;
using NinjaTrader.Cbi;

namespace NinjaTrader.Stub
{
    public static partial class SimEngine
    {
        /// <summary>Fills what the current price allows: market at once, limits when the price reaches
        /// them (at the better of price and limit), stops when the price trades through them.</summary>
        private static void Work(Order o)
        {
            double? last = PriceOf(o.Instrument);
            if (last == null || !IsActive(o)) return;
            double px = last.Value;
            bool buy = IsBuy(o.OrderAction);
            int remaining = o.Quantity - o.Filled;
            if (remaining <= 0) return;
            switch (o.OrderType)
            {
                case OrderType.Market:
                    ApplyFill(o, remaining, px);
                    break;
                case OrderType.Limit:
                    if (buy ? px <= o.LimitPrice : px >= o.LimitPrice) ApplyFill(o, remaining, buy ? Math.Min(px, o.LimitPrice) : Math.Max(px, o.LimitPrice));
                    break;
                case OrderType.StopMarket:
                    if (buy ? px >= o.StopPrice : px <= o.StopPrice) ApplyFill(o, remaining, px);
                    break;
                case OrderType.StopLimit:
                    if (buy ? px >= o.StopPrice : px <= o.StopPrice) triggeredStopLimits.Add(o.Id);
                    if (triggeredStopLimits.Contains(o.Id) && (buy ? px <= o.LimitPrice : px >= o.LimitPrice))
                        ApplyFill(o, remaining, buy ? Math.Min(px, o.LimitPrice) : Math.Max(px, o.LimitPrice));
                    break;
            }
        }

        private static void ApplyFill(Order o, int quantity, double price)
        {
            int before = o.Filled;
            o.AverageFillPrice = (o.AverageFillPrice * before + price * quantity) / (before + quantity);
            o.Filled = before + quantity;
            o.OrderState = o.Filled >= o.Quantity ? OrderState.Filled : OrderState.PartFilled;
            o.Time = Now();
            Emit(o, ErrorCode.NoError, "");

            Account account = o.Account;
            var execution = new Execution
            {
                Account = account, Instrument = o.Instrument, Order = o, OrderId = o.OrderId, Name = o.Name, Price = price,
                Quantity = quantity, ExecutionId = "sim-exec-" + (++lastExecutionId) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8),
                MarketPosition = IsBuy(o.OrderAction) ? MarketPosition.Long : MarketPosition.Short, Time = o.Time,
            };
            lock (account.Executions) account.Executions.Add(execution);
            var ee = new ExecutionEventArgs
            {
                Execution = execution, ExecutionId = execution.ExecutionId, OrderId = o.OrderId, MarketPosition = execution.MarketPosition,
                Price = price, Quantity = quantity, Time = execution.Time,
            };
            pump.Enqueue(() => account.Raise(ee));
            UpdatePosition(account, o.Instrument, IsBuy(o.OrderAction) ? quantity : -quantity, price);
            ReduceOcoSiblings(o, quantity);
        }

        // One-cancels-other: a complete fill cancels the siblings; a partial fill shrinks them by the
        // filled quantity so the group never covers more than what is left.
        private static void ReduceOcoSiblings(Order o, int filledNow)
        {
            foreach (Order sibling in OcoSiblings(o))
            {
                int shrunk = sibling.Quantity - filledNow;
                if (o.OrderState == OrderState.Filled || shrunk <= sibling.Filled) { CancelOne(sibling, false); continue; }
                sibling.Quantity = shrunk;
                sibling.QuantityChanged = shrunk;
                Move(sibling, sibling.OrderState);
            }
        }

        private static void UpdatePosition(Account account, Instrument instrument, int signedQuantity, double price)
        {
            Position p;
            lock (account.Positions) p = account.Positions.FirstOrDefault(x => x.Instrument.FullName == instrument.FullName);
            int current = p == null ? 0 : (p.MarketPosition == MarketPosition.Short ? -p.Quantity : p.Quantity);
            double average = p == null ? 0 : p.AveragePrice;
            int next = current + signedQuantity;
            if (current == 0 || Math.Sign(current) == Math.Sign(signedQuantity))
                average = (average * Math.Abs(current) + price * Math.Abs(signedQuantity)) / Math.Abs(next);
            else if (next != 0 && Math.Sign(next) != Math.Sign(current))
                average = price; // reversed through flat: the new side starts at this fill
            if (p == null)
            {
                p = new Position { Account = account, Instrument = instrument };
                lock (account.Positions) account.Positions.Add(p);
            }
            p.Quantity = Math.Abs(next);
            p.MarketPosition = next > 0 ? MarketPosition.Long : next < 0 ? MarketPosition.Short : MarketPosition.Flat;
            p.AveragePrice = next == 0 ? 0 : average;
            if (next == 0) lock (account.Positions) account.Positions.Remove(p);
            var pe = new PositionEventArgs { Position = p, MarketPosition = p.MarketPosition, Quantity = p.Quantity, AveragePrice = p.AveragePrice };
            pump.Enqueue(() => account.Raise(pe));
        }
    }
}
