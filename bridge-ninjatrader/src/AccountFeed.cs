// copygate NinjaTrader bridge: the accounts the trader enabled, and their events.
// Subscribes to OrderUpdate / ExecutionUpdate / PositionUpdate of every enabled account
// (https://developer.ninjatrader.com/docs/desktop/orderupdate, .../executionupdate) and fans
// each event out to the bridge's listeners. NinjaTrader lists an account only once its
// connection is up, so Account.All is re-scanned every few seconds.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NinjaTrader.Cbi;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public interface IAccountListener
    {
        void OnOrderUpdate(Account account, OrderEventArgs e);
        void OnExecutionUpdate(Account account, ExecutionEventArgs e);
        void OnPositionUpdate(Account account, PositionEventArgs e);
    }

    public sealed class AccountFeed : IDisposable
    {
        private readonly object sync = new object();
        private readonly HashSet<string> enabled;
        private readonly bool allEnabled;
        private readonly List<Account> subscribed = new List<Account>();
        private readonly List<IAccountListener> listeners = new List<IAccountListener>();
        private Timer rescan;

        /// <param name="accountNames">Enabled account names; "*" enables every account NinjaTrader lists.</param>
        public AccountFeed(IEnumerable<string> accountNames)
        {
            enabled = new HashSet<string>(accountNames, StringComparer.Ordinal);
            allEnabled = enabled.Contains("*");
        }

        /// <summary>Listeners are called in the order added, each shielded from the others' failures.</summary>
        public void AddListener(IAccountListener listener) { lock (sync) listeners.Add(listener); }

        public void Start()
        {
            Rescan();
            rescan = new Timer(delegate { Rescan(); }, null, 5000, 5000);
        }

        public bool IsEnabled(string name) { return allEnabled || enabled.Contains(name); }

        /// <summary>The enabled account of that name, subscribed; 422 when unknown or not enabled.</summary>
        public Account Resolve(string name)
        {
            Account account;
            lock (Account.All) account = Account.All.FirstOrDefault(a => a.Name == name);
            if (account == null) throw BridgeError.Unacceptable("account", "NinjaTrader has no account named \"" + name + "\" (is its connection up?)");
            if (!IsEnabled(name)) throw BridgeError.Unacceptable("account", "account \"" + name + "\" is not enabled in the copygate add-on settings");
            Ensure(account);
            return account;
        }

        public List<Account> EnabledAccounts()
        {
            lock (Account.All) return Account.All.Where(a => IsEnabled(a.Name)).ToList();
        }

        public void Rescan()
        {
            try { foreach (Account a in EnabledAccounts()) Ensure(a); }
            catch (Exception e) { BridgeLog.Error("account scan failed: " + e.Message); }
        }

        private void Ensure(Account account)
        {
            lock (sync)
            {
                if (subscribed.Contains(account)) return;
                account.OrderUpdate += OnOrderUpdate;
                account.ExecutionUpdate += OnExecutionUpdate;
                account.PositionUpdate += OnPositionUpdate;
                subscribed.Add(account);
            }
            BridgeLog.Info("watching account " + account.Name);
        }

        public void Dispose()
        {
            if (rescan != null) rescan.Dispose();
            lock (sync)
            {
                foreach (Account a in subscribed)
                {
                    a.OrderUpdate -= OnOrderUpdate;
                    a.ExecutionUpdate -= OnExecutionUpdate;
                    a.PositionUpdate -= OnPositionUpdate;
                }
                subscribed.Clear();
            }
        }

        private void OnOrderUpdate(object sender, OrderEventArgs e) { Fan(sender, l => l.OnOrderUpdate((Account)sender, e)); }
        private void OnExecutionUpdate(object sender, ExecutionEventArgs e) { Fan(sender, l => l.OnExecutionUpdate((Account)sender, e)); }
        private void OnPositionUpdate(object sender, PositionEventArgs e) { Fan(sender, l => l.OnPositionUpdate((Account)sender, e)); }

        // Runs on NinjaTrader's thread: nothing may escape into NinjaTrader.
        private void Fan(object sender, Action<IAccountListener> call)
        {
            List<IAccountListener> copy;
            lock (sync) copy = listeners.ToList();
            foreach (IAccountListener l in copy)
            {
                try { call(l); }
                catch (Exception ex) { BridgeLog.Error(l.GetType().Name + " failed on an event of " + sender + ": " + ex); }
            }
        }
    }
}
