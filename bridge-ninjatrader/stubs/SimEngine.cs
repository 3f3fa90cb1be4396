// TEST STUB: a small simulated account engine that behaves like NinjaTrader's Sim101 for the
// calls the add-on makes. Orders get ids; market orders fill at the instrument's current price;
// limit and stop orders work until SetPrice crosses them; OCO siblings cancel (or shrink on a
// partial fill of) each other; positions update; OrderUpdate precedes ExecutionUpdate; a bad
// Submit is rejected through OrderUpdate with OrderState.Rejected and an error, as NinjaTrader does.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using NinjaTrader.Cbi;

namespace NinjaTrader.Stub
{
    public static partial class SimEngine
    {
        private static readonly object gate = new object();
        private static readonly EventPump pump = new EventPump();
        private static readonly Dictionary<string, MasterInstrument> masters = new Dictionary<string, MasterInstrument>();
        private static readonly Dictionary<string, Instrument> instruments = new Dictionary<string, Instrument>();
        private static readonly Dictionary<string, double> prices = new Dictionary<string, double>();
        private static readonly Dictionary<Account, Queue<string>> rejections = new Dictionary<Account, Queue<string>>();
        private static readonly HashSet<long> triggeredStopLimits = new HashSet<long>();
        private static readonly Regex FuturesName = new Regex(@"^([A-Z0-9]{1,5}) (0[1-9]|1[0-2])-([0-9]{2})$");
        private static long lastOrderId;
        private static long lastExecutionId;
        private static int handlerErrors;

        static SimEngine()
        {
            DefineRoot("ES", 0.25, 50);
            DefineRoot("MES", 0.25, 5);
            DefineRoot("NQ", 0.25, 20);
            DefineRoot("MNQ", 0.25, 2);
            DefineRoot("YM", 1, 5);
            DefineRoot("RTY", 0.1, 50);
            DefineRoot("CL", 0.01, 1000);
            DefineRoot("GC", 0.1, 100);
        }

        /// <summary>Exceptions thrown by event handlers (NinjaTrader would log them; tests assert none).</summary>
        public static int HandlerErrors { get { return handlerErrors; } }

        /// <summary>Forgets accounts, prices and pending rejections; waits for queued events first.</summary>
        public static void Reset()
        {
            pump.WaitIdle(10000);
            lock (gate)
            {
                lock (Account.All) Account.All.Clear();
                prices.Clear();
                rejections.Clear();
                triggeredStopLimits.Clear();
                handlerErrors = 0;
            }
            NinjaTrader.Code.Output.ClearCaptured();
        }

        public static void DefineRoot(string root, double tickSize, double pointValue)
        {
            lock (gate) masters[root] = new MasterInstrument { Name = root, TickSize = tickSize, PointValue = pointValue };
        }

        /// <summary>"ES 12-25" style names of defined roots resolve; anything else is null, as in NinjaTrader.</summary>
        public static Instrument LookupInstrument(string name)
        {
            if (name == null) return null;
            Match m = FuturesName.Match(name);
            lock (gate)
            {
                MasterInstrument master;
                if (!m.Success || !masters.TryGetValue(m.Groups[1].Value, out master)) return null;
                Instrument found;
                if (!instruments.TryGetValue(name, out found))
                {
                    found = new Instrument { FullName = name, MasterInstrument = master };
                    instruments[name] = found;
                }
                return found;
            }
        }

        public static Account AddAccount(string name)
        {
            var account = new Account { Name = name };
            lock (Account.All) Account.All.Add(account);
            return account;
        }

        public static Account FindAccount(string name)
        {
            lock (Account.All) return Account.All.FirstOrDefault(a => a.Name == name);
        }

        /// <summary>Sets the last price of one instrument ("ES 12-25") or of every expiry of a root ("ES"),
        /// then works every order the new price crosses.</summary>
        public static void SetPrice(string instrumentOrRoot, double price)
        {
            lock (gate)
            {
                prices[instrumentOrRoot] = price;
                foreach (Order o in AllActiveOrders().OrderBy(x => x.Id))
                    if (IsActive(o)) Work(o);
            }
        }

        public static double? PriceOf(Instrument instrument)
        {
            lock (gate)
            {
                double p;
                if (prices.TryGetValue(instrument.FullName, out p)) return p;
                if (prices.TryGetValue(instrument.MasterInstrument.Name, out p)) return p;
                return null;
            }
        }

        /// <summary>The account's next submitted order is rejected with this reason.</summary>
        public static void RejectNext(Account account, string reason)
        {
            lock (gate)
            {
                Queue<string> q;
                if (!rejections.TryGetValue(account, out q)) rejections[account] = q = new Queue<string>();
                q.Enqueue(reason);
            }
        }

        /// <summary>Fills part (or all) of a working order at a price, as an exchange would.</summary>
        public static void Fill(Order order, int quantity, double price)
        {
            lock (gate)
            {
                if (!IsActive(order)) throw new InvalidOperationException("order is not working: " + order);
                if (quantity < 1 || quantity > order.Quantity - order.Filled) throw new ArgumentOutOfRangeException("quantity");
                ApplyFill(order, quantity, price);
            }
        }

        /// <summary>Places an order the way a trader clicking in NinjaTrader would (OrderEntry.Manual).</summary>
        public static Order PlaceManual(Account account, string instrument, OrderAction action, OrderType type, int quantity,
            double limitPrice, double stopPrice, string name, string oco)
        {
            Order o = Create(account, LookupInstrument(instrument), action, type, OrderEntry.Manual, TimeInForce.Day, quantity,
                limitPrice, stopPrice, oco, name, NinjaTrader.Core.Globals.MaxDate);
            Submit(account, new[] { o });
            return o;
        }

        public static bool WaitIdle(int timeoutMs = 10000) { return pump.WaitIdle(timeoutMs); }

        internal static void RecordHandlerError(Exception e)
        {
            System.Threading.Interlocked.Increment(ref handlerErrors);
            NinjaTrader.Code.Output.Process("stub: an event handler threw " + e, NinjaTrader.NinjaScript.PrintTo.OutputTab1);
        }

        private static IEnumerable<Order> AllActiveOrders()
        {
            var result = new List<Order>();
            lock (Account.All)
                foreach (Account a in Account.All)
                    lock (a.Orders) result.AddRange(a.Orders.Where(IsActive));
            return result;
        }

        private static bool IsActive(Order o)
        {
            return o.OrderState != OrderState.Initialized && !Order.IsTerminalState(o.OrderState);
        }

        private static bool IsBuy(OrderAction a) { return a == OrderAction.Buy || a == OrderAction.BuyToCover; }

        private static DateTime Now()
        {
            return TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, NinjaTrader.Core.Globals.GeneralOptions.TimeZoneInfo);
        }
    }
}
