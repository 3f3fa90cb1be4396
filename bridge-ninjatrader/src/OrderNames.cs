// copygate NinjaTrader bridge: the contract's words for NinjaTrader's order enums.
// OrderAction / OrderType / TimeInForce values are those of Account.CreateOrder
// (https://developer.ninjatrader.com/docs/desktop/createorder).
using System;
using System.Collections.Generic;
using NinjaTrader.Cbi;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public static class OrderNames
    {
        private static readonly Dictionary<string, OrderAction> actions = new Dictionary<string, OrderAction>(StringComparer.Ordinal)
        {
            { "buy", OrderAction.Buy }, { "sell", OrderAction.Sell }, { "sellShort", OrderAction.SellShort }, { "buyToCover", OrderAction.BuyToCover },
        };

        private static readonly Dictionary<string, OrderType> types = new Dictionary<string, OrderType>(StringComparer.Ordinal)
        {
            { "market", OrderType.Market }, { "limit", OrderType.Limit }, { "stopMarket", OrderType.StopMarket }, { "stopLimit", OrderType.StopLimit },
        };

        // NinjaTrader 8 offers Day, Gtc, Gtd, Ioc and Opg. The contract takes day, gtc and ioc;
        // fok does not exist in NinjaTrader and gtd needs a date the contract does not carry.
        private static readonly Dictionary<string, TimeInForce> tifs = new Dictionary<string, TimeInForce>(StringComparer.Ordinal)
        {
            { "day", TimeInForce.Day }, { "gtc", TimeInForce.Gtc }, { "ioc", TimeInForce.Ioc },
        };

        public static OrderAction ParseAction(string s)
        {
            OrderAction a;
            if (!actions.TryGetValue(s, out a)) throw BridgeError.Unacceptable("action", "action must be one of buy, sell, sellShort, buyToCover");
            return a;
        }

        public static OrderType ParseType(string s)
        {
            OrderType t;
            if (!types.TryGetValue(s, out t)) throw BridgeError.Unacceptable("orderType", "orderType must be one of market, limit, stopMarket, stopLimit");
            return t;
        }

        public static TimeInForce ParseTimeInForce(string s)
        {
            TimeInForce t;
            if (tifs.TryGetValue(s, out t)) return t;
            if (s == "fok") throw BridgeError.Unacceptable("timeInForce", "timeInForce fok is not supported by NinjaTrader; use day, gtc or ioc");
            throw BridgeError.Unacceptable("timeInForce", "timeInForce must be one of day, gtc, ioc");
        }

        // Output side: every NinjaTrader value gets a name, including ones the input refuses
        // (a trader's MIT order, a Gtd order) and enum values added by later NinjaTrader versions.
        public static string Of(OrderAction a) { return LowerCamel(a.ToString()); }
        public static string Of(OrderType t) { return t == OrderType.MIT ? "mit" : LowerCamel(t.ToString()); }
        public static string Of(TimeInForce t) { return t.ToString().ToLowerInvariant(); }
        public static string Of(OrderState s) { return LowerCamel(s.ToString()); }
        public static string Of(MarketPosition p) { return p.ToString().ToLowerInvariant(); }

        public static bool IsBuy(OrderAction a) { return a == OrderAction.Buy || a == OrderAction.BuyToCover; }
        public static bool UsesLimitPrice(OrderType t) { return t == OrderType.Limit || t == OrderType.StopLimit; }
        public static bool UsesStopPrice(OrderType t) { return t == OrderType.StopMarket || t == OrderType.StopLimit || t == OrderType.MIT; }

        /// <summary>Filled, cancelled and rejected orders never change again.</summary>
        public static bool IsFinal(OrderState s) { return s == OrderState.Filled || s == OrderState.Cancelled || s == OrderState.Rejected; }

        private static string LowerCamel(string s) { return s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s.Substring(1); }
    }
}
