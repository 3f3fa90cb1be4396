// copygate NinjaTrader bridge: the trading side, wired together (no transports).
// Order of listeners matters little but is deliberate: the desk records rejection reasons,
// the watch wakes waiting requests, the bracket keeper reacts to fills; the publisher (added by
// CopygateBridge) comes last.
using System;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class BridgeCore : IDisposable
    {
        public BridgeCore(BridgeSettings settings)
        {
            Settings = settings;
            Accounts = new AccountFeed(settings.Accounts);
            Registry = new OrderRegistry(settings.JournalFile);
            var watch = new OrderWatch();
            Brackets = new BracketKeeper(Registry);
            Orders = new OrderDesk(Accounts, Registry, watch, Brackets, settings.AckTimeoutMs, settings.MaxQuantity);
            Positions = new PositionDesk(Accounts, Brackets, settings.AckTimeoutMs);
            Accounts.AddListener(Orders);
            Accounts.AddListener(watch);
            Accounts.AddListener(Brackets);
        }

        public BridgeSettings Settings { get; private set; }
        public AccountFeed Accounts { get; private set; }
        public OrderRegistry Registry { get; private set; }
        public BracketKeeper Brackets { get; private set; }
        public OrderDesk Orders { get; private set; }
        public PositionDesk Positions { get; private set; }

        /// <summary>Reads the journal, re-finds journaled orders in NinjaTrader, subscribes to the
        /// enabled accounts and re-arms brackets whose entries may still fill.</summary>
        public void Start()
        {
            Registry.Load(TimeSpan.FromDays(Settings.JournalDays));
            Accounts.Start();
            foreach (TrackedOrder t in Registry.All()) if (t.Order == null) Orders.Reattach(t);
            Brackets.Restore();
        }

        public RequestHandler CreateHandler(Func<JsonObject> health)
        {
            return new RequestHandler(Orders, Positions, health);
        }

        public void Dispose() { Accounts.Dispose(); }
    }
}
