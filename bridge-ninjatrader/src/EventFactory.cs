// copygate NinjaTrader bridge: the JSON of an order or execution event for the gateway.
// eventId is derived from the event's content, not from a counter: if NinjaTrader delivers the
// same update again (e.g. after a reconnect) it gets the same id and the gateway drops it, so a
// master's trade is never copied twice. Executions use NinjaTrader's execution id; order updates
// use account, order, state, quantities, prices and NinjaTrader's time of the update.
using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NinjaTrader.Cbi;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class EventFactory
    {
        private readonly OrderRegistry registry;

        public EventFactory(OrderRegistry registry) { this.registry = registry; }

        public JsonObject OrderEvent(Account account, OrderEventArgs e)
        {
            Order o = e.Order;
            bool failed = e.Error != ErrorCode.NoError || e.OrderState == OrderState.Rejected;
            // Prices come from the order object (the event has no documented price members); it can be
            // ahead of the event, which only ever shows a newer price.
            string id = "o-" + Hash(account.Name, o.OrderId, o.Name, e.OrderState.ToString(), Num(e.Quantity), Num(e.Filled),
                JsonWriter.FormatDouble(o.LimitPrice), JsonWriter.FormatDouble(o.StopPrice), e.Time.Ticks.ToString(CultureInfo.InvariantCulture), e.Error.ToString());
            return Common(id, "order", account, o, o.OrderId)
                .Set("quantity", e.Quantity)
                .Set("limitPrice", OrderNames.UsesLimitPrice(o.OrderType) ? (object)o.LimitPrice : null)
                .Set("stopPrice", OrderNames.UsesStopPrice(o.OrderType) ? (object)o.StopPrice : null)
                .Set("state", OrderNames.Of(e.OrderState))
                .Set("filled", e.Filled)
                .Set("averageFillPrice", e.Filled > 0 ? (object)e.AverageFillPrice : null)
                .Set("executionId", null)
                .Set("price", null)
                .Set("marketPosition", null)
                .Set("error", failed ? (string.IsNullOrEmpty(e.Comment) ? e.Error.ToString() : e.Comment) : null)
                .Set("time", OrderView.UtcText(e.Time));
        }

        /// <summary>quantity and price are the fill's; filled and averageFillPrice the order's running totals.</summary>
        public JsonObject ExecutionEvent(Account account, ExecutionEventArgs e)
        {
            Execution x = e.Execution;
            Order o = x.Order;
            string id = "x-" + Hash(account.Name, e.ExecutionId ?? x.ExecutionId);
            JsonObject ev = o != null ? Common(id, "execution", account, o, e.OrderId ?? o.OrderId) : Orphan(id, account, x, e);
            return ev
                .Set("quantity", e.Quantity)
                .Set("limitPrice", o != null && OrderNames.UsesLimitPrice(o.OrderType) ? (object)o.LimitPrice : null)
                .Set("stopPrice", o != null && OrderNames.UsesStopPrice(o.OrderType) ? (object)o.StopPrice : null)
                .Set("state", o == null ? null : OrderNames.Of(o.OrderState))
                .Set("filled", o == null ? null : (object)o.Filled)
                .Set("averageFillPrice", o == null || o.Filled == 0 ? null : (object)o.AverageFillPrice)
                .Set("executionId", e.ExecutionId ?? x.ExecutionId)
                .Set("price", e.Price)
                .Set("marketPosition", OrderNames.Of(e.MarketPosition))
                .Set("error", null)
                .Set("time", OrderView.UtcText(e.Time));
        }

        private JsonObject Common(string id, string type, Account account, Order o, string orderId)
        {
            TrackedOrder t = registry.FindByOrder(o);
            return new JsonObject()
                .Set("eventId", id)
                .Set("type", type)
                .Set("account", account.Name)
                .Set("instrument", o.Instrument == null ? null : o.Instrument.FullName)
                .Set("clientOrderId", t == null ? null : t.ClientOrderId)
                .Set("parentClientOrderId", t == null ? null : t.ParentClientOrderId)
                .Set("name", o.Name)
                .Set("orderId", orderId)
                .Set("action", OrderNames.Of(o.OrderAction))
                .Set("orderType", OrderNames.Of(o.OrderType))
                .Set("timeInForce", OrderNames.Of(o.TimeInForce))
                .Set("ocoId", string.IsNullOrEmpty(o.Oco) ? null : o.Oco)
                .Set("orderQuantity", o.Quantity);
        }

        // An execution NinjaTrader reports without its order (e.g. from a broker's back office).
        private static JsonObject Orphan(string id, Account account, Execution x, ExecutionEventArgs e)
        {
            return new JsonObject()
                .Set("eventId", id).Set("type", "execution").Set("account", account.Name)
                .Set("instrument", x.Instrument == null ? null : x.Instrument.FullName)
                .Set("clientOrderId", null).Set("parentClientOrderId", null).Set("name", x.Name).Set("orderId", e.OrderId ?? x.OrderId)
                .Set("action", e.MarketPosition == MarketPosition.Short ? "sell" : "buy").Set("orderType", null).Set("timeInForce", null)
                .Set("ocoId", null).Set("orderQuantity", null);
        }

        private static string Num(int n) { return n.ToString(CultureInfo.InvariantCulture); }

        private static string Hash(params string[] parts)
        {
            using (SHA1 sha = SHA1.Create())
            {
                byte[] h = sha.ComputeHash(Encoding.UTF8.GetBytes(string.Join("\u001f", parts)));
                var sb = new StringBuilder();
                for (int i = 0; i < 16; i++) sb.Append(h[i].ToString("x2", CultureInfo.InvariantCulture));
                return sb.ToString();
            }
        }
    }
}
