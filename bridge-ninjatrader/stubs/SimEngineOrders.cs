// TEST STUB: the order life cycle of the simulated account (see SimEngine.cs).
// State sequences follow NinjaTrader's: Submitted -> Accepted -> Working -> PartFilled/Filled,
// CancelPending -> CancelSubmitted -> Cancelled, ChangePending -> ChangeSubmitted -> Working.
using System;
using System.Collections.Generic;
using System.Linq;
using NinjaTrader.Cbi;

namespace NinjaTrader.Stub
{
    public static partial class SimEngine
    {
        internal static Order Create(Account account, Instrument instrument, OrderAction action, OrderType type, OrderEntry entry,
            TimeInForce tif, int quantity, double limitPrice, double stopPrice, string oco, string name, DateTime gtd)
        {
            lock (gate)
            {
                long id = ++lastOrderId;
                return new Order
                {
                    Account = account, Instrument = instrument, OrderAction = action, OrderType = type, OrderEntry = entry,
                    TimeInForce = tif, Quantity = quantity, LimitPrice = limitPrice, StopPrice = stopPrice,
                    Oco = oco ?? "", Name = name ?? "", Id = id, OrderId = Guid.NewGuid().ToString("N"),
                    OrderState = OrderState.Initialized, Time = Now(), Gtd = gtd,
                    QuantityChanged = quantity, LimitPriceChanged = limitPrice, StopPriceChanged = stopPrice,
                };
            }
        }

        internal static void Submit(Account account, IEnumerable<Order> orders)
        {
            lock (gate)
            {
                foreach (Order o in orders.ToList())
                {
                    if (o == null || o.OrderState != OrderState.Initialized) continue;
                    lock (account.Orders) account.Orders.Add(o);
                    Move(o, OrderState.Submitted);
                    string why = WhyReject(account, o);
                    if (why != null)
                    {
                        o.OrderState = OrderState.Rejected;
                        Emit(o, ErrorCode.OrderRejected, why);
                        continue;
                    }
                    Move(o, OrderState.Accepted);
                    Move(o, OrderState.Working);
                    Work(o);
                    if (o.TimeInForce == TimeInForce.Ioc && IsActive(o)) CancelOne(o, false);
                }
            }
        }

        internal static void Cancel(Account account, IEnumerable<Order> orders)
        {
            lock (gate)
                foreach (Order o in orders.ToList())
                    if (o != null && IsActive(o)) CancelOne(o, true);
        }

        internal static void Change(Account account, IEnumerable<Order> orders)
        {
            lock (gate)
            {
                foreach (Order o in orders.ToList())
                {
                    string why = WhyRefuseChange(o);
                    if (why != null)
                    {
                        o.QuantityChanged = o.Quantity;
                        o.LimitPriceChanged = o.LimitPrice;
                        o.StopPriceChanged = o.StopPrice;
                        Emit(o, ErrorCode.UnableToChangeOrder, why);
                        continue;
                    }
                    OrderState resume = o.Filled > 0 ? OrderState.PartFilled : OrderState.Working;
                    Move(o, OrderState.ChangePending);
                    Move(o, OrderState.ChangeSubmitted);
                    o.Quantity = o.QuantityChanged;
                    if (UsesLimit(o.OrderType)) o.LimitPrice = o.LimitPriceChanged;
                    if (UsesStop(o.OrderType)) o.StopPrice = o.StopPriceChanged;
                    Move(o, resume);
                    Work(o);
                }
            }
        }

        /// <summary>Cancels the account's working orders on each instrument, then closes the position
        /// with a market order named "Close", as NinjaTrader's Flatten does.</summary>
        internal static void Flatten(Account account, ICollection<Instrument> list)
        {
            lock (gate)
            {
                foreach (Instrument instrument in list.ToList())
                {
                    CancelAll(account, instrument);
                    Position p;
                    lock (account.Positions) p = account.Positions.FirstOrDefault(x => x.Instrument.FullName == instrument.FullName);
                    if (p == null || p.Quantity == 0) continue;
                    OrderAction close = p.MarketPosition == MarketPosition.Long ? OrderAction.Sell : OrderAction.BuyToCover;
                    Order o = Create(account, instrument, close, OrderType.Market, OrderEntry.Manual, TimeInForce.Day, p.Quantity, 0, 0, "",
                        "Close", NinjaTrader.Core.Globals.MaxDate);
                    Submit(account, new[] { o });
                }
            }
        }

        internal static void CancelAll(Account account, Instrument instrument)
        {
            lock (gate)
            {
                List<Order> working;
                lock (account.Orders) working = account.Orders.Where(o => IsActive(o) && o.Instrument.FullName == instrument.FullName).ToList();
                foreach (Order o in working) if (IsActive(o)) CancelOne(o, false);
            }
        }

        private static string WhyReject(Account account, Order o)
        {
            Queue<string> q;
            if (rejections.TryGetValue(account, out q) && q.Count > 0) return q.Dequeue();
            if (o.Instrument == null) return "Order rejected: no instrument";
            if (o.Quantity < 1) return "Order rejected: quantity must be greater than zero";
            if (o.OrderType == OrderType.MIT) return "Order rejected: MIT orders are not simulated by the stub";
            if (UsesLimit(o.OrderType) && o.LimitPrice <= 0) return "Order rejected: limit price must be greater than zero";
            if (UsesStop(o.OrderType) && o.StopPrice <= 0) return "Order rejected: stop price must be greater than zero";
            double? px = PriceOf(o.Instrument);
            if (px == null) return "There is no market data available to drive the simulation engine";
            return UsesStop(o.OrderType) ? WrongSideOfMarket(o, o.StopPrice, px.Value) : null;
        }

        private static string WhyRefuseChange(Order o)
        {
            if (!IsActive(o)) return "Unable to change order: it is no longer working";
            if (o.QuantityChanged < 1 || o.QuantityChanged <= o.Filled) return "Unable to change order: quantity must exceed the filled quantity";
            if (UsesLimit(o.OrderType) && o.LimitPriceChanged <= 0) return "Unable to change order: limit price must be greater than zero";
            if (!UsesStop(o.OrderType) || triggeredStopLimits.Contains(o.Id)) return null;
            if (o.StopPriceChanged <= 0) return "Unable to change order: stop price must be greater than zero";
            return WrongSideOfMarket(o, o.StopPriceChanged, PriceOf(o.Instrument).Value);
        }

        private static string WrongSideOfMarket(Order o, double stop, double px)
        {
            if (IsBuy(o.OrderAction) && stop <= px) return "Buy stop or buy stop limit orders can't be placed below the market";
            if (!IsBuy(o.OrderAction) && stop >= px) return "Sell stop or sell stop limit orders can't be placed above the market";
            return null;
        }

        private static bool UsesLimit(OrderType t) { return t == OrderType.Limit || t == OrderType.StopLimit; }
        private static bool UsesStop(OrderType t) { return t == OrderType.StopMarket || t == OrderType.StopLimit; }

        private static void CancelOne(Order o, bool cascadeOco)
        {
            Move(o, OrderState.CancelPending);
            Move(o, OrderState.CancelSubmitted);
            Move(o, OrderState.Cancelled);
            if (cascadeOco) foreach (Order sibling in OcoSiblings(o)) CancelOne(sibling, false);
        }

        private static IEnumerable<Order> OcoSiblings(Order o)
        {
            if (string.IsNullOrEmpty(o.Oco)) return new Order[0];
            lock (o.Account.Orders)
                return o.Account.Orders.Where(x => x != o && x.Oco == o.Oco && IsActive(x)).ToList();
        }

        private static void Move(Order o, OrderState state)
        {
            o.OrderState = state;
            o.Time = Now();
            Emit(o, ErrorCode.NoError, "");
        }

        private static void Emit(Order o, ErrorCode error, string comment)
        {
            var e = new OrderEventArgs
            {
                Order = o, OrderState = o.OrderState, Quantity = o.Quantity, Filled = o.Filled,
                AverageFillPrice = o.AverageFillPrice, Time = o.Time,
                Error = error, Comment = comment,
            };
            Account account = o.Account;
            pump.Enqueue(() => account.Raise(e));
        }
    }
}
