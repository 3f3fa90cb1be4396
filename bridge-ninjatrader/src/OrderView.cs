// copygate NinjaTrader bridge: the JSON the gateway receives for an order.
// Prices the order type does not use are null (NinjaTrader stores them as 0), as is the
// average fill price of an order with nothing filled.
using System;
using System.Globalization;
using NinjaTrader.Cbi;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public static class OrderView
    {
        public static JsonObject Of(Order o, TrackedOrder t, bool duplicate)
        {
            return new JsonObject()
                .Set("clientOrderId", t == null ? null : t.ClientOrderId)
                .Set("name", o.Name)
                .Set("orderId", o.OrderId)
                .Set("account", o.Account == null ? (t == null ? null : t.AccountName) : o.Account.Name)
                .Set("instrument", o.Instrument == null ? null : o.Instrument.FullName)
                .Set("action", OrderNames.Of(o.OrderAction))
                .Set("quantity", o.Quantity)
                .Set("orderType", OrderNames.Of(o.OrderType))
                .Set("limitPrice", OrderNames.UsesLimitPrice(o.OrderType) ? (object)o.LimitPrice : null)
                .Set("stopPrice", OrderNames.UsesStopPrice(o.OrderType) ? (object)o.StopPrice : null)
                .Set("timeInForce", OrderNames.Of(o.TimeInForce))
                .Set("state", OrderNames.Of(o.OrderState))
                .Set("filled", o.Filled)
                .Set("averageFillPrice", o.Filled > 0 ? (object)o.AverageFillPrice : null)
                .Set("ocoId", string.IsNullOrEmpty(o.Oco) ? null : o.Oco)
                .Set("parentClientOrderId", t == null ? null : t.ParentClientOrderId)
                .Set("error", t == null ? null : t.LastError)
                .Set("duplicate", duplicate);
        }

        /// <summary>An order the journal knows the bridge placed but NinjaTrader no longer lists
        /// (NinjaTrader was restarted or dropped old orders): state "unknown", facts from the journal.</summary>
        public static JsonObject OfMissing(TrackedOrder t, bool duplicate)
        {
            OrderTicket k = t.Ticket;
            return new JsonObject()
                .Set("clientOrderId", t.ClientOrderId)
                .Set("name", t.ClientOrderId)
                .Set("orderId", null)
                .Set("account", t.AccountName)
                .Set("instrument", k == null ? null : k.Instrument)
                .Set("action", k == null ? null : OrderNames.Of(k.Action))
                .Set("quantity", k == null ? t.LegQuantity : k.Quantity)
                .Set("orderType", k == null ? null : OrderNames.Of(k.Type))
                .Set("limitPrice", k == null || k.LimitPrice <= 0 ? null : (object)k.LimitPrice)
                .Set("stopPrice", k == null || k.StopPrice <= 0 ? null : (object)k.StopPrice)
                .Set("timeInForce", k == null ? null : OrderNames.Of(k.TimeInForce))
                .Set("state", "unknown")
                .Set("filled", null)
                .Set("averageFillPrice", null)
                .Set("ocoId", k == null || k.OcoId.Length == 0 ? null : k.OcoId)
                .Set("parentClientOrderId", t.ParentClientOrderId)
                .Set("error", t.LastError)
                .Set("duplicate", duplicate);
        }

        public static JsonObject OfPosition(Position p)
        {
            return new JsonObject()
                .Set("account", p.Account == null ? null : p.Account.Name)
                .Set("instrument", p.Instrument.FullName)
                .Set("marketPosition", OrderNames.Of(p.MarketPosition))
                .Set("quantity", p.Quantity)
                .Set("averagePrice", p.Quantity == 0 ? null : (object)p.AveragePrice);
        }

        /// <summary>NinjaTrader reports times in the platform's configured zone; the contract is UTC.</summary>
        public static string UtcText(DateTime t)
        {
            DateTime utc;
            if (t.Kind == DateTimeKind.Utc) utc = t;
            else
            {
                TimeZoneInfo zone = null;
                try { zone = NinjaTrader.Core.Globals.GeneralOptions.TimeZoneInfo; }
                catch (Exception) { }
                utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), zone ?? TimeZoneInfo.Local);
            }
            return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
    }
}
