// copygate NinjaTrader bridge: which NinjaTrader orders are the gateway's, by clientOrderId.
// Every order the bridge creates (entries and bracket legs) is journaled to disk BEFORE it is
// submitted, so after NinjaTrader restarts a repeated request is still recognised (never a
// second order) and the order's events still carry its clientOrderId.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using NinjaTrader.Cbi;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class TrackedOrder
    {
        public string ClientOrderId { get; internal set; }
        public string AccountName { get; internal set; }
        public OrderTicket Ticket { get; internal set; }            // entries only
        public string ParentClientOrderId { get; internal set; }    // bracket legs only
        public int Pair { get; internal set; }                      // legs: 1, 2, ... one per fill that was covered
        public int LegQuantity { get; internal set; }

        /// <summary>The live NinjaTrader order; null when NinjaTrader no longer lists it (e.g. after a restart).</summary>
        public Order Order { get; internal set; }

        /// <summary>NinjaTrader's reason when it rejected the order, else null.</summary>
        public string LastError { get; internal set; }
    }

    public sealed class OrderRegistry
    {
        private sealed class ByReference : IEqualityComparer<Order>
        {
            public bool Equals(Order a, Order b) { return ReferenceEquals(a, b); }
            public int GetHashCode(Order o) { return RuntimeHelpers.GetHashCode(o); }
        }

        private readonly object sync = new object();
        private readonly Dictionary<string, TrackedOrder> byId = new Dictionary<string, TrackedOrder>(StringComparer.Ordinal);
        private readonly Dictionary<Order, TrackedOrder> byOrder = new Dictionary<Order, TrackedOrder>(new ByReference());
        private readonly JsonLinesFile journal;

        public OrderRegistry(string journalPath) { journal = new JsonLinesFile(journalPath); }

        /// <summary>Reads the journal, keeping what is younger than the retention (older ids will not be retried
        /// by the gateway), and rewrites it compacted.</summary>
        public void Load(TimeSpan retention)
        {
            DateTime cutoff = DateTime.UtcNow - retention;
            var kept = new List<JsonObject>();
            foreach (JsonObject line in journal.ReadAll(BridgeLog.Warn))
            {
                DateTime time;
                if (!DateTime.TryParse(line.GetString("time"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out time) || time < cutoff) continue;
                try { Remember(FromJournal(line)); kept.Add(line); }
                catch (Exception e) { BridgeLog.Warn("skipped an unreadable journal line: " + e.Message); }
            }
            journal.Rewrite(kept);
        }

        public TrackedOrder Find(string clientOrderId)
        {
            lock (sync)
            {
                TrackedOrder t;
                return byId.TryGetValue(clientOrderId, out t) ? t : null;
            }
        }

        /// <summary>The tracked order behind a NinjaTrader order; adopts an order NinjaTrader lists again
        /// after a restart when its name and account match a journaled id.</summary>
        public TrackedOrder FindByOrder(Order order)
        {
            if (order == null) return null;
            lock (sync)
            {
                TrackedOrder t;
                if (byOrder.TryGetValue(order, out t)) return t;
                if (order.Name == null || !byId.TryGetValue(order.Name, out t) || t.Order != null) return null;
                if (order.Account == null || order.Account.Name != t.AccountName) return null;
                Attach(t, order);
                return t;
            }
        }

        public List<TrackedOrder> All()
        {
            lock (sync) return byId.Values.ToList();
        }

        /// <summary>Journals then tracks an entry order. Call before Account.Submit.</summary>
        public TrackedOrder RecordEntry(OrderTicket ticket, Order order)
        {
            var t = new TrackedOrder { ClientOrderId = ticket.ClientOrderId, AccountName = ticket.Account, Ticket = ticket };
            journal.Append(new JsonObject().Set("kind", "entry").Set("time", Now()).Set("ticket", ticket.ToJson()));
            lock (sync) { Remember(t); Attach(t, order); }
            return t;
        }

        /// <summary>Journals then tracks a bracket leg. Call before Account.Submit.</summary>
        public TrackedOrder RecordLeg(TrackedOrder parent, string legId, int pair, int quantity, Order order)
        {
            var t = new TrackedOrder
            {
                ClientOrderId = legId, AccountName = parent.AccountName, ParentClientOrderId = parent.ClientOrderId, Pair = pair, LegQuantity = quantity,
            };
            journal.Append(new JsonObject().Set("kind", "leg").Set("time", Now()).Set("clientOrderId", legId)
                .Set("parentClientOrderId", parent.ClientOrderId).Set("account", parent.AccountName).Set("pair", pair).Set("quantity", quantity));
            lock (sync) { Remember(t); Attach(t, order); }
            return t;
        }

        public List<TrackedOrder> LegsOf(string parentClientOrderId)
        {
            lock (sync) return byId.Values.Where(t => t.ParentClientOrderId == parentClientOrderId).ToList();
        }

        public void Attach(TrackedOrder t, Order order)
        {
            lock (sync)
            {
                t.Order = order;
                if (order != null) byOrder[order] = t;
            }
        }

        private void Remember(TrackedOrder t)
        {
            lock (sync) byId[t.ClientOrderId] = t;
        }

        private static TrackedOrder FromJournal(JsonObject line)
        {
            if (line.GetString("kind") == "entry")
            {
                OrderTicket ticket = OrderTicket.FromJournal((JsonObject)line.Get("ticket"));
                return new TrackedOrder { ClientOrderId = ticket.ClientOrderId, AccountName = ticket.Account, Ticket = ticket };
            }
            long pair, qty;
            ((JsonNumber)line.Get("pair")).TryGetWholeNumber(out pair);
            ((JsonNumber)line.Get("quantity")).TryGetWholeNumber(out qty);
            return new TrackedOrder
            {
                ClientOrderId = line.GetString("clientOrderId"), AccountName = line.GetString("account"),
                ParentClientOrderId = line.GetString("parentClientOrderId"), Pair = (int)pair, LegQuantity = (int)qty,
            };
        }

        private static string Now() { return DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture); }
    }
}
