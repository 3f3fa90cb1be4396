// copygate NinjaTrader bridge: placing and finding orders through NinjaTrader's account API
// (Account.CreateOrder + Account.Submit, https://developer.ninjatrader.com/docs/desktop/createorder).
// Idempotent on clientOrderId: the id is looked up (memory, journal, NinjaTrader's own order
// list) and journaled before Submit, all under one lock, so a retry or a concurrent repeat
// gets the existing order back and never places a second one.
using System;
using System.Collections.Generic;
using System.Linq;
using NinjaTrader.Cbi;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed partial class OrderDesk : IAccountListener
    {
        private readonly object placing = new object();
        private readonly AccountFeed accounts;
        private readonly OrderRegistry registry;
        private readonly OrderWatch watch;
        private readonly BracketKeeper brackets;
        private readonly int ackTimeoutMs;
        private readonly int maxQuantity;

        public OrderDesk(AccountFeed accounts, OrderRegistry registry, OrderWatch watch, BracketKeeper brackets, int ackTimeoutMs, int maxQuantity)
        {
            this.accounts = accounts;
            this.registry = registry;
            this.watch = watch;
            this.brackets = brackets;
            this.ackTimeoutMs = ackTimeoutMs;
            this.maxQuantity = maxQuantity;
        }

        public int MaxQuantity { get { return maxQuantity; } }

        public JsonObject Place(OrderTicket t)
        {
            Order order;
            TrackedOrder tracked;
            OrderWatch.Waiter waiter;
            lock (placing)
            {
                TrackedOrder existing = registry.Find(t.ClientOrderId) ?? FindUnjournaled(t.ClientOrderId);
                if (existing != null) return Repeat(existing, t);
                Account account = accounts.Resolve(t.Account);
                Instrument instrument = ResolveInstrument(t.Instrument);
                CheckTicks(instrument, "limitPrice", t.LimitPrice);
                CheckTicks(instrument, "stopPrice", t.StopPrice);
                CheckTicks(instrument, "stopLoss", t.StopLoss ?? 0);
                CheckTicks(instrument, "takeProfit", t.TakeProfit ?? 0);
                // OrderEntry.Automated: copies are machine-generated (CME tag 1028). The clientOrderId is
                // the order's name, so the trader sees it in NinjaTrader's Orders tab.
                try
                {
                    order = account.CreateOrder(instrument, t.Action, t.Type, OrderEntry.Automated, t.TimeInForce, t.Quantity,
                        t.LimitPrice, t.StopPrice, t.OcoId, t.ClientOrderId, NinjaTrader.Core.Globals.MaxDate, null);
                }
                catch (Exception e) { throw BridgeError.Unacceptable(null, "NinjaTrader did not create the order: " + e.Message); }
                if (order == null) throw BridgeError.Unacceptable(null, "NinjaTrader did not create the order");
                tracked = registry.RecordEntry(t, order);
                if (t.HasBracket) brackets.Arm(tracked);
                waiter = watch.Expect(order, OrderWatch.Submitted());
                try { account.Submit(new[] { order }); }
                catch (Exception e)
                {
                    // The id stays used: whether NinjaTrader kept anything is unknown, and a second order is worse.
                    watch.Forget(waiter);
                    tracked.LastError = "NinjaTrader refused the order: " + e.Message;
                    throw new BridgeError(422, tracked.LastError, null) { Order = OrderView.Of(order, tracked, false) };
                }
            }
            OrderEventArgs answer = watch.Wait(waiter, ackTimeoutMs);
            if (order.OrderState == OrderState.Rejected)
            {
                if (answer != null && answer.OrderState == OrderState.Rejected) tracked.LastError = Reason(answer);
                throw new BridgeError(422, "NinjaTrader rejected the order: " + (tracked.LastError ?? "no reason given"), null) { Order = OrderView.Of(order, tracked, false) };
            }
            BridgeLog.Info("placed " + t.ClientOrderId + " on " + t.Account + ": " + OrderNames.Of(t.Action) + " " + t.Quantity + " " + t.Instrument
                + " " + OrderNames.Of(t.Type) + " -> " + OrderNames.Of(order.OrderState));
            return OrderView.Of(order, tracked, false);
        }

        /// <summary>GET /orders/{clientOrderId}: the order, or 404 when the bridge never placed it.</summary>
        public JsonObject Lookup(string clientOrderId)
        {
            TrackedOrder t = FindOrThrow(clientOrderId);
            return t.Order != null ? OrderView.Of(t.Order, t, false) : OrderView.OfMissing(t, false);
        }

        public JsonObject ListOrders(string accountName)
        {
            Account account = accounts.Resolve(accountName);
            List<Order> orders;
            lock (account.Orders) orders = account.Orders.ToList();
            return new JsonObject().Set("account", account.Name)
                .Set("orders", orders.Select(o => OrderView.Of(o, registry.FindByOrder(o), false)).ToList());
        }

        // Records NinjaTrader's reason whenever it rejects or refuses something on one of our orders.
        public void OnOrderUpdate(Account account, OrderEventArgs e)
        {
            if (e.Error == ErrorCode.NoError && e.OrderState != OrderState.Rejected) return;
            TrackedOrder t = registry.FindByOrder(e.Order);
            if (t == null) return;
            t.LastError = Reason(e);
            BridgeLog.Warn(t.ClientOrderId + " on " + account.Name + ": " + OrderNames.Of(e.OrderState) + " (" + e.Error + ") " + e.Comment);
        }

        public void OnExecutionUpdate(Account account, ExecutionEventArgs e) { }
        public void OnPositionUpdate(Account account, PositionEventArgs e) { }

        private static string Reason(OrderEventArgs e)
        {
            return string.IsNullOrEmpty(e.Comment) ? e.Error.ToString() : e.Comment;
        }

        private JsonObject Repeat(TrackedOrder existing, OrderTicket t)
        {
            JsonObject view = existing.Order != null ? OrderView.Of(existing.Order, existing, true) : OrderView.OfMissing(existing, true);
            if (existing.ParentClientOrderId != null)
                throw new BridgeError(409, "clientOrderId " + t.ClientOrderId + " is a bracket leg of " + existing.ParentClientOrderId, "clientOrderId") { Order = view };
            // An order found only by name in NinjaTrader (journal lost) cannot be compared: it is returned as is.
            if (existing.Ticket != null && !existing.Ticket.SameOrderAs(t))
                throw new BridgeError(409, "clientOrderId " + t.ClientOrderId + " was already used for a different order", "clientOrderId") { Order = view };
            return view;
        }

        private TrackedOrder FindOrThrow(string clientOrderId)
        {
            TrackedOrder t = registry.Find(clientOrderId) ?? FindUnjournaled(clientOrderId);
            if (t == null) throw new BridgeError(404, "no order with clientOrderId " + clientOrderId, "clientOrderId");
            if (t.Order == null) Reattach(t);
            return t;
        }

        /// <summary>An order named with this id in an enabled account that the journal does not know
        /// (the journal file was lost). Not adopted: the bridge cannot tell what was asked for.</summary>
        private TrackedOrder FindUnjournaled(string clientOrderId)
        {
            foreach (Account a in accounts.EnabledAccounts())
            {
                Order o;
                lock (a.Orders) o = a.Orders.FirstOrDefault(x => x.Name == clientOrderId);
                if (o != null) return new TrackedOrder { ClientOrderId = clientOrderId, AccountName = a.Name, Order = o };
            }
            return null;
        }

        public void Reattach(TrackedOrder t)
        {
            foreach (Account a in accounts.EnabledAccounts().Where(x => x.Name == t.AccountName))
            {
                Order o;
                lock (a.Orders) o = a.Orders.FirstOrDefault(x => x.Name == t.ClientOrderId);
                if (o != null) registry.Attach(t, o);
            }
        }

        private static Instrument ResolveInstrument(string name)
        {
            Instrument i = Instrument.GetInstrument(name);
            if (i == null) throw BridgeError.Unacceptable("instrument", "NinjaTrader does not know the instrument \"" + name + "\" (expected the form \"ES 12-25\")");
            return i;
        }

        /// <summary>Off-tick prices are refused rather than rounded: rounding someone's money is not the bridge's call.</summary>
        private static void CheckTicks(Instrument instrument, string field, double price)
        {
            if (price <= 0 || instrument.MasterInstrument == null) return;
            double tick = instrument.MasterInstrument.TickSize;
            if (tick <= 0) return;
            double ticks = Math.Round(price / tick);
            if (Math.Abs(ticks * tick - price) > tick * 1e-6)
                throw BridgeError.Unacceptable(field, field + " " + JsonWriter.FormatDouble(price) + " is not a multiple of the tick size "
                    + JsonWriter.FormatDouble(tick) + " of " + instrument.FullName);
        }
    }
}
