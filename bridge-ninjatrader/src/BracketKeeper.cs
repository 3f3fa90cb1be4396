// copygate NinjaTrader bridge: stop-loss / take-profit brackets, placed only once the entry fills.
// Each fill of the entry that is not yet covered gets its own pair of exit orders sized to that
// fill, linked by one OCO id: "<id>-SL<n>" (stop market) and "<id>-TP<n>" (limit), OCO "<id>-B<n>".
// Separate pairs instead of resizing one pair: a resize racing a stop fill could leave contracts
// unprotected; independent pairs are each complete on their own. Legs are GTC so they outlive
// the session. When the position on the instrument goes flat by other means, working legs are
// cancelled so no stop is left to reopen a position.
using System;
using System.Collections.Generic;
using System.Linq;
using NinjaTrader.Cbi;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class BracketKeeper : IAccountListener
    {
        private sealed class Bracket
        {
            public TrackedOrder Entry;
            public int Covered;   // entry contracts that already have exit legs
            public int Pairs;
            public bool Disarmed;
        }

        private readonly object sync = new object();
        private readonly Dictionary<string, Bracket> byEntry = new Dictionary<string, Bracket>(StringComparer.Ordinal);
        private readonly OrderRegistry registry;

        public BracketKeeper(OrderRegistry registry) { this.registry = registry; }

        /// <summary>Call before the entry is submitted, so even an instant market fill is covered.</summary>
        public void Arm(TrackedOrder entry)
        {
            lock (sync) byEntry[entry.ClientOrderId] = new Bracket { Entry = entry };
        }

        /// <summary>After a restart: re-arms entries from the journal, counting the legs already placed,
        /// and covers any fill that happened while the add-on was not running.</summary>
        public void Restore()
        {
            foreach (TrackedOrder t in registry.All())
            {
                if (t.Ticket == null || !t.Ticket.HasBracket || t.Order == null) continue;
                var pairs = registry.LegsOf(t.ClientOrderId).GroupBy(l => l.Pair).ToList();
                var b = new Bracket { Entry = t, Covered = pairs.Sum(p => p.Max(l => l.LegQuantity)), Pairs = pairs.Count == 0 ? 0 : pairs.Max(p => p.Key) };
                if (OrderNames.IsFinal(t.Order.OrderState) && b.Covered >= t.Order.Filled) continue;
                lock (sync) byEntry[t.ClientOrderId] = b;
                Cover(b);
            }
        }

        /// <summary>Stops placing legs for the account (and instrument, when given); used before a flatten.</summary>
        public void Disarm(Account account, Instrument instrument)
        {
            foreach (Bracket b in Snapshot())
            {
                Order o = b.Entry.Order;
                if (o == null || o.Account != account || (instrument != null && o.Instrument.FullName != instrument.FullName)) continue;
                lock (b) b.Disarmed = true; // waits for a Cover in progress, whose legs the flatten then cancels
                Drop(b);
            }
        }

        public void OnOrderUpdate(Account account, OrderEventArgs e)
        {
            Bracket b = For(e.Order);
            if (b == null) return;
            Cover(b);
            if (OrderNames.IsFinal(e.Order.OrderState)) lock (b) if (b.Covered >= e.Order.Filled) Drop(b);
        }

        public void OnExecutionUpdate(Account account, ExecutionEventArgs e)
        {
            Bracket b = e.Execution == null ? null : For(e.Execution.Order);
            if (b != null) Cover(b);
        }

        public void OnPositionUpdate(Account account, PositionEventArgs e)
        {
            if (e.MarketPosition != MarketPosition.Flat || e.Position == null || e.Position.Instrument == null) return;
            string instrument = e.Position.Instrument.FullName;
            var working = registry.All().Where(t => t.ParentClientOrderId != null && t.Order != null && t.Order.Account == account
                && t.Order.Instrument.FullName == instrument && !OrderNames.IsFinal(t.Order.OrderState)).Select(t => t.Order).ToList();
            if (working.Count == 0) return;
            BridgeLog.Info(account.Name + " " + instrument + " is flat: cancelling " + working.Count + " bracket leg(s) left working");
            account.Cancel(working);
        }

        private void Cover(Bracket b)
        {
            Order entry = b.Entry.Order;
            if (entry == null) return;
            lock (b)
            {
                int delta = entry.Filled - b.Covered; // the order object can be ahead of the event: use the newest
                if (b.Disarmed || delta <= 0) return;
                b.Covered += delta;
                b.Pairs++;
                PlaceLegs(b.Entry, b.Pairs, delta);
            }
        }

        private void PlaceLegs(TrackedOrder parent, int pair, int quantity)
        {
            Order entry = parent.Order;
            OrderTicket k = parent.Ticket;
            Account account = entry.Account;
            OrderAction exit = OrderNames.IsBuy(entry.OrderAction) ? OrderAction.Sell : OrderAction.BuyToCover;
            string oco = k.StopLoss.HasValue && k.TakeProfit.HasValue ? parent.ClientOrderId + "-B" + pair : "";
            var legs = new List<Order>();
            if (k.StopLoss.HasValue)
                legs.Add(Leg(parent, account, entry, exit, OrderType.StopMarket, quantity, 0, k.StopLoss.Value, oco, "-SL", pair));
            if (k.TakeProfit.HasValue)
                legs.Add(Leg(parent, account, entry, exit, OrderType.Limit, quantity, k.TakeProfit.Value, 0, oco, "-TP", pair));
            BridgeLog.Info("bracket " + parent.ClientOrderId + " pair " + pair + ": " + quantity + " contract(s) filled, submitting " + legs.Count + " exit leg(s)");
            account.Submit(legs);
        }

        private Order Leg(TrackedOrder parent, Account account, Order entry, OrderAction exit, OrderType type, int quantity,
            double limit, double stop, string oco, string suffix, int pair)
        {
            string name = parent.ClientOrderId + suffix + pair;
            Order leg = account.CreateOrder(entry.Instrument, exit, type, OrderEntry.Automated, TimeInForce.Gtc, quantity, limit, stop, oco, name,
                NinjaTrader.Core.Globals.MaxDate, null);
            registry.RecordLeg(parent, name, pair, quantity, leg);
            return leg;
        }

        private Bracket For(Order order)
        {
            TrackedOrder t = registry.FindByOrder(order);
            if (t == null) return null;
            lock (sync)
            {
                Bracket b;
                return byEntry.TryGetValue(t.ClientOrderId, out b) ? b : null;
            }
        }

        private List<Bracket> Snapshot() { lock (sync) return byEntry.Values.ToList(); }

        private void Drop(Bracket b) { lock (sync) byEntry.Remove(b.Entry.ClientOrderId); }
    }
}
