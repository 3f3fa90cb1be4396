// copygate NinjaTrader bridge: positions and flattening
// (Account.Positions, Account.Flatten: https://developer.ninjatrader.com/docs/desktop/flatten —
//  "a collection of Instruments for orders to be cancelled and positions closed").
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using NinjaTrader.Cbi;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class PositionDesk
    {
        private readonly AccountFeed accounts;
        private readonly BracketKeeper brackets;
        private readonly int ackTimeoutMs;

        public PositionDesk(AccountFeed accounts, BracketKeeper brackets, int ackTimeoutMs)
        {
            this.accounts = accounts;
            this.brackets = brackets;
            this.ackTimeoutMs = ackTimeoutMs;
        }

        public JsonObject ListPositions(string accountName)
        {
            Account account = accounts.Resolve(accountName);
            return new JsonObject().Set("account", account.Name)
                .Set("positions", OpenPositions(account).Select(OrderView.OfPosition).ToList());
        }

        public JsonObject ListAccounts()
        {
            return new JsonObject().Set("accounts", accounts.EnabledAccounts().Select(a => new JsonObject().Set("name", a.Name)).ToList());
        }

        /// <summary>Body {account, instrument}: that instrument; {account}: every instrument of the account
        /// with a position or a working order. Waits briefly for the account to report flat.</summary>
        public JsonObject Flatten(JsonObject body)
        {
            RequestFields.AllowOnly(body, "account", "instrument");
            Account account = accounts.Resolve(RequestFields.RequiredString(body, "account"));
            string instrumentName = RequestFields.OptionalString(body, "instrument");
            Instrument only = null;
            if (instrumentName != null)
            {
                only = Instrument.GetInstrument(instrumentName);
                if (only == null) throw BridgeError.Unacceptable("instrument", "NinjaTrader does not know the instrument \"" + instrumentName + "\"");
            }
            List<Instrument> targets = only != null ? new List<Instrument> { only } : Exposure(account);
            // No bracket may be placed for a fill arriving while the account is being flattened.
            brackets.Disarm(account, only);
            if (targets.Count > 0) account.Flatten(targets);
            var names = new HashSet<string>(targets.Select(i => i.FullName));
            bool flat = WaitUntil(() => !Exposure(account).Any(i => names.Contains(i.FullName)));
            BridgeLog.Info("flatten " + account.Name + " [" + string.Join(", ", names) + "] -> " + (flat ? "flat" : "not flat yet"));
            return new JsonObject().Set("account", account.Name).Set("instruments", names.ToList()).Set("flat", flat);
        }

        private static List<Position> OpenPositions(Account account)
        {
            lock (account.Positions) return account.Positions.Where(p => p.Quantity != 0 && p.MarketPosition != MarketPosition.Flat).ToList();
        }

        /// <summary>Instruments with an open position or a working order, one entry per instrument.</summary>
        private static List<Instrument> Exposure(Account account)
        {
            var list = OpenPositions(account).Select(p => p.Instrument).ToList();
            lock (account.Orders)
                list.AddRange(account.Orders.Where(o => o.OrderState != OrderState.Initialized && !OrderNames.IsFinal(o.OrderState)).Select(o => o.Instrument));
            return list.GroupBy(i => i.FullName).Select(g => g.First()).ToList();
        }

        private bool WaitUntil(Func<bool> condition)
        {
            var watch = Stopwatch.StartNew();
            while (!condition())
            {
                if (watch.ElapsedMilliseconds > ackTimeoutMs) return false;
                Thread.Sleep(20);
            }
            return true;
        }
    }
}
