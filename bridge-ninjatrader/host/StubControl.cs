// The host's control surface, /_stub/..., for the gateway's tests: move the market and act as a
// trader in NinjaTrader (so NinjaTrader can be a copy master). Same bearer token as the add-on.
// Only the host has it; it drives the stub directly, never the add-on.
using System;
using System.Linq;
using NinjaTrader.Cbi;
using NinjaTrader.NinjaScript.AddOns.Copygate;
using NinjaTrader.Stub;

namespace Copygate.Host
{
    public static class StubControl
    {
        public static BridgeResponse Handle(string method, string path, string body)
        {
            try
            {
                if (method != "POST") throw new BridgeError(405, "the /_stub/ endpoints take POST", null);
                JsonObject b = Body(body);
                object result;
                switch (path.TrimEnd('/'))
                {
                    case "/_stub/price": result = Price(b); break;
                    case "/_stub/orders": result = PlaceAsTrader(b); break;
                    case "/_stub/fill": result = Fill(b); break;
                    case "/_stub/cancel": result = Act(b, (a, o) => a.Cancel(new[] { o })); break;
                    case "/_stub/change": result = Change(b); break;
                    case "/_stub/flatten": result = Flatten(b); break;
                    case "/_stub/reject-next": result = RejectNext(b); break;
                    default: throw new BridgeError(404, "no such stub endpoint: " + path, null);
                }
                SimEngine.WaitIdle(); // the add-on has seen every event the action caused
                return new BridgeResponse(200, result);
            }
            catch (BridgeError e) { return new BridgeResponse(e.Status, e.ToJson()); }
            catch (Exception e) { return new BridgeResponse(422, new JsonObject().Set("error", e.Message).Set("field", null)); }
        }

        // {"instrument": "ES 12-25" or "ES", "price": 5001.25}: moves the last price and works crossed orders.
        private static object Price(JsonObject b)
        {
            string instrument = RequestFields.RequiredString(b, "instrument");
            double? price = RequestFields.Price(b, "price");
            if (price == null) throw BridgeError.Malformed("price", "price is required");
            SimEngine.SetPrice(instrument, price.Value);
            return new JsonObject().Set("instrument", instrument).Set("price", price.Value);
        }

        // {"account", "instrument", "action", "quantity", "orderType", "limitPrice"?, "stopPrice"?, "name"?, "ocoId"?}
        private static object PlaceAsTrader(JsonObject b)
        {
            Account account = AccountOf(b);
            string instrument = RequestFields.RequiredString(b, "instrument");
            if (Instrument.GetInstrument(instrument) == null) throw BridgeError.Unacceptable("instrument", "unknown instrument " + instrument);
            OrderAction action = OrderNames.ParseAction(RequestFields.RequiredString(b, "action"));
            OrderType type = OrderNames.ParseType(RequestFields.RequiredString(b, "orderType"));
            JsonNumber q = RequestFields.OptionalNumber(b, "quantity");
            if (q == null) throw BridgeError.Malformed("quantity", "quantity is required");
            int quantity = RequestFields.Quantity(q, "quantity", int.MaxValue);
            Order o = SimEngine.PlaceManual(account, instrument, action, type, quantity, RequestFields.Price(b, "limitPrice") ?? 0,
                RequestFields.Price(b, "stopPrice") ?? 0, RequestFields.OptionalString(b, "name") ?? "Entry", RequestFields.OptionalString(b, "ocoId") ?? "");
            SimEngine.WaitIdle();
            return OrderView.Of(o, null, false);
        }

        // {"account", "orderId" | "name", "quantity"? (default: all that is left), "price"? (default: limit, else market)}
        private static object Fill(JsonObject b)
        {
            Account account = AccountOf(b);
            Order o = OrderOf(account, b);
            JsonNumber q = RequestFields.OptionalNumber(b, "quantity");
            int quantity = q == null ? o.Quantity - o.Filled : RequestFields.Quantity(q, "quantity", o.Quantity - o.Filled);
            double? price = RequestFields.Price(b, "price");
            if (price == null) price = o.LimitPrice > 0 ? o.LimitPrice : SimEngine.PriceOf(o.Instrument);
            if (price == null) throw BridgeError.Unacceptable("price", "no price given and no market price set");
            SimEngine.Fill(o, quantity, price.Value);
            SimEngine.WaitIdle();
            return OrderView.Of(o, null, false);
        }

        // {"account", "orderId" | "name", ...}: a trader cancels or changes an order in NinjaTrader.
        private static object Act(JsonObject b, Action<Account, Order> act)
        {
            Account account = AccountOf(b);
            Order o = OrderOf(account, b);
            act(account, o);
            SimEngine.WaitIdle();
            return OrderView.Of(o, null, false);
        }

        // {"account", "orderId" | "name", "quantity"?, "limitPrice"?, "stopPrice"?}: a trader drags an order.
        private static object Change(JsonObject b)
        {
            Account account = AccountOf(b);
            Order o = OrderOf(account, b);
            JsonNumber q = RequestFields.OptionalNumber(b, "quantity");
            o.QuantityChanged = q == null ? o.Quantity : RequestFields.Quantity(q, "quantity", int.MaxValue);
            o.LimitPriceChanged = RequestFields.Price(b, "limitPrice") ?? o.LimitPrice;
            o.StopPriceChanged = RequestFields.Price(b, "stopPrice") ?? o.StopPrice;
            account.Change(new[] { o });
            SimEngine.WaitIdle();
            return OrderView.Of(o, null, false);
        }

        private static object Flatten(JsonObject b)
        {
            Account account = AccountOf(b);
            string name = RequestFields.OptionalString(b, "instrument");
            var list = name != null ? new[] { Instrument.GetInstrument(name) } : account.Positions.Select(p => p.Instrument).ToArray();
            if (list.Any(i => i == null)) throw BridgeError.Unacceptable("instrument", "unknown instrument " + name);
            account.Flatten(list);
            return new JsonObject().Set("account", account.Name);
        }

        // {"account", "reason"}: NinjaTrader rejects the account's next order with that reason.
        private static object RejectNext(JsonObject b)
        {
            Account account = AccountOf(b);
            string reason = RequestFields.OptionalString(b, "reason") ?? "Order rejected by the stub";
            SimEngine.RejectNext(account, reason);
            return new JsonObject().Set("account", account.Name).Set("reason", reason);
        }

        private static Account AccountOf(JsonObject b)
        {
            string name = RequestFields.RequiredString(b, "account");
            Account a = SimEngine.FindAccount(name);
            if (a == null) throw BridgeError.Unacceptable("account", "no stub account " + name);
            return a;
        }

        private static Order OrderOf(Account account, JsonObject b)
        {
            string id = RequestFields.OptionalString(b, "orderId");
            string name = RequestFields.OptionalString(b, "name") ?? RequestFields.OptionalString(b, "clientOrderId");
            Order o;
            lock (account.Orders) o = account.Orders.LastOrDefault(x => (id != null && x.OrderId == id) || (id == null && name != null && x.Name == name));
            if (o == null) throw new BridgeError(404, "no such order in " + account.Name, id != null ? "orderId" : "name");
            return o;
        }

        private static JsonObject Body(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return new JsonObject();
            try
            {
                var o = JsonReader.Parse(text) as JsonObject;
                if (o == null) throw BridgeError.Malformed(null, "the body must be a JSON object");
                return o;
            }
            catch (JsonException e) { throw BridgeError.Malformed(null, "the body is not valid JSON: " + e.Message); }
        }
    }
}
