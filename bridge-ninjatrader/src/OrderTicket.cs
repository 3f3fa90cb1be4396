// copygate NinjaTrader bridge: a place-order request, validated field by field.
// Everything that can be checked without NinjaTrader is checked here, so a bad request is
// refused before any account is touched. Checks that need the instrument (tick size) or
// the account live in OrderDesk.
using System;
using System.Text.RegularExpressions;
using NinjaTrader.Cbi;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class OrderTicket
    {
        private static readonly Regex ClientIdShape = new Regex("^[A-Za-z0-9_-]{1,32}$");
        private static readonly Regex OcoShape = new Regex("^[A-Za-z0-9_-]{1,40}$");

        private static readonly string[] Fields =
        {
            "clientOrderId", "account", "instrument", "action", "quantity", "orderType", "limitPrice", "stopPrice",
            "timeInForce", "ocoId", "stopLoss", "takeProfit",
        };

        public string ClientOrderId { get; private set; }
        public string Account { get; private set; }
        public string Instrument { get; private set; }
        public OrderAction Action { get; private set; }
        public int Quantity { get; private set; }
        public OrderType Type { get; private set; }
        public double LimitPrice { get; private set; }  // 0 when the type has none, as CreateOrder expects
        public double StopPrice { get; private set; }
        public TimeInForce TimeInForce { get; private set; }
        public string OcoId { get; private set; }       // "" when absent
        public double? StopLoss { get; private set; }
        public double? TakeProfit { get; private set; }

        public bool HasBracket { get { return StopLoss.HasValue || TakeProfit.HasValue; } }

        public static OrderTicket FromRequest(JsonObject body, int maxQuantity)
        {
            RequestFields.AllowOnly(body, Fields);
            var t = new OrderTicket();
            t.ClientOrderId = RequestFields.RequiredString(body, "clientOrderId");
            if (!ClientIdShape.IsMatch(t.ClientOrderId))
                throw BridgeError.Unacceptable("clientOrderId", "clientOrderId must be 1-32 characters of A-Z, a-z, 0-9, _ and -");
            t.Account = RequestFields.RequiredString(body, "account");
            t.Instrument = RequestFields.RequiredString(body, "instrument");
            t.Action = OrderNames.ParseAction(RequestFields.RequiredString(body, "action"));
            JsonNumber qty = RequestFields.OptionalNumber(body, "quantity");
            if (qty == null) throw BridgeError.Malformed("quantity", "quantity is required");
            t.Quantity = RequestFields.Quantity(qty, "quantity", maxQuantity);
            t.Type = OrderNames.ParseType(RequestFields.RequiredString(body, "orderType"));
            t.LimitPrice = PriceFor(body, "limitPrice", OrderNames.UsesLimitPrice(t.Type), t.Type);
            t.StopPrice = PriceFor(body, "stopPrice", OrderNames.UsesStopPrice(t.Type), t.Type);
            string tif = RequestFields.OptionalString(body, "timeInForce");
            t.TimeInForce = tif == null ? TimeInForce.Day : OrderNames.ParseTimeInForce(tif);
            t.OcoId = RequestFields.OptionalString(body, "ocoId") ?? "";
            if (t.OcoId.Length > 0 && !OcoShape.IsMatch(t.OcoId))
                throw BridgeError.Unacceptable("ocoId", "ocoId must be 1-40 characters of A-Z, a-z, 0-9, _ and -");
            t.StopLoss = RequestFields.Price(body, "stopLoss");
            t.TakeProfit = RequestFields.Price(body, "takeProfit");
            t.CheckBracketSides();
            return t;
        }

        // A price the order type needs is required; one it cannot use is refused rather than
        // ignored, because it usually means the caller meant a different order type.
        private static double PriceFor(JsonObject body, string field, bool used, OrderType type)
        {
            double? p = RequestFields.Price(body, field);
            if (used && p == null) throw BridgeError.Malformed(field, field + " is required for orderType " + OrderNames.Of(type));
            if (!used && p != null) throw BridgeError.Unacceptable(field, field + " is not allowed for orderType " + OrderNames.Of(type));
            return p ?? 0;
        }

        /// <summary>A long entry's stop-loss sits below its take-profit (and below the entry's own price
        /// when it has one); a short entry's the other way round. Inverted legs are a fat finger.</summary>
        private void CheckBracketSides()
        {
            bool longEntry = OrderNames.IsBuy(Action);
            double reference = LimitPrice > 0 ? LimitPrice : StopPrice;
            if (StopLoss.HasValue && TakeProfit.HasValue && (longEntry ? StopLoss >= TakeProfit : StopLoss <= TakeProfit))
                throw BridgeError.Unacceptable("stopLoss", "stopLoss must be " + (longEntry ? "below" : "above") + " takeProfit for a " + OrderNames.Of(Action) + " entry");
            if (reference <= 0) return;
            if (StopLoss.HasValue && (longEntry ? StopLoss >= reference : StopLoss <= reference))
                throw BridgeError.Unacceptable("stopLoss", "stopLoss must be " + (longEntry ? "below" : "above") + " the entry price");
            if (TakeProfit.HasValue && (longEntry ? TakeProfit <= reference : TakeProfit >= reference))
                throw BridgeError.Unacceptable("takeProfit", "takeProfit must be " + (longEntry ? "above" : "below") + " the entry price");
        }

        /// <summary>Canonical form: journaled, and compared to tell a retry from a reused id.</summary>
        public JsonObject ToJson()
        {
            return new JsonObject()
                .Set("clientOrderId", ClientOrderId).Set("account", Account).Set("instrument", Instrument)
                .Set("action", OrderNames.Of(Action)).Set("quantity", Quantity).Set("orderType", OrderNames.Of(Type))
                .Set("limitPrice", LimitPrice > 0 ? (object)LimitPrice : null).Set("stopPrice", StopPrice > 0 ? (object)StopPrice : null)
                .Set("timeInForce", OrderNames.Of(TimeInForce)).Set("ocoId", OcoId.Length > 0 ? OcoId : null)
                .Set("stopLoss", StopLoss).Set("takeProfit", TakeProfit);
        }

        /// <summary>Reads back a journaled ticket (written by ToJson, so it is trusted).</summary>
        public static OrderTicket FromJournal(JsonObject json)
        {
            return FromRequest(json, int.MaxValue);
        }

        public bool SameOrderAs(OrderTicket other)
        {
            return JsonWriter.Write(ToJson()) == JsonWriter.Write(other.ToJson());
        }
    }
}
