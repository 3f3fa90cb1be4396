// copygate NinjaTrader bridge: the one request handler behind both transports.
// The HTTP receiver and the dial-out WebSocket build a BridgeRequest and send back the
// BridgeResponse, so both modes have exactly the same contract. Handle never throws: every
// failure becomes a JSON error {"error", "field"} with a 4xx/5xx status.
using System;
using System.Collections.Generic;
using System.Linq;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class BridgeRequest
    {
        public string Method { get; private set; }
        public string Path { get; private set; }
        public Dictionary<string, string> Query { get; private set; }
        public string BodyText { get; private set; }   // HTTP: the raw body
        public object BodyJson { get; private set; }   // WebSocket: the already parsed "body" member

        public static BridgeRequest FromText(string method, string pathAndQuery, string body)
        {
            var r = new BridgeRequest { Method = (method ?? "").ToUpperInvariant(), BodyText = body };
            r.SplitPath(pathAndQuery ?? "/");
            return r;
        }

        public static BridgeRequest FromJson(string method, string pathAndQuery, object body)
        {
            var r = new BridgeRequest { Method = (method ?? "").ToUpperInvariant(), BodyJson = body };
            r.SplitPath(pathAndQuery ?? "/");
            return r;
        }

        private void SplitPath(string pathAndQuery)
        {
            int q = pathAndQuery.IndexOf('?');
            Path = q < 0 ? pathAndQuery : pathAndQuery.Substring(0, q);
            Query = new Dictionary<string, string>(StringComparer.Ordinal);
            if (q < 0) return;
            foreach (string pair in pathAndQuery.Substring(q + 1).Split('&'))
            {
                if (pair.Length == 0) continue;
                int eq = pair.IndexOf('=');
                string key = Decode(eq < 0 ? pair : pair.Substring(0, eq));
                Query[key] = eq < 0 ? "" : Decode(pair.Substring(eq + 1));
            }
        }

        private static string Decode(string s) { return Uri.UnescapeDataString(s.Replace('+', ' ')); }
    }

    public sealed class BridgeResponse
    {
        public BridgeResponse(int status, object body)
        {
            Status = status;
            Body = body;
        }

        public int Status { get; private set; }
        public object Body { get; private set; }
    }

    public sealed class RequestHandler
    {
        private readonly OrderDesk orders;
        private readonly PositionDesk positions;
        private readonly Func<JsonObject> health;

        public RequestHandler(OrderDesk orders, PositionDesk positions, Func<JsonObject> health)
        {
            this.orders = orders;
            this.positions = positions;
            this.health = health;
        }

        public BridgeResponse Handle(BridgeRequest r)
        {
            try { return new BridgeResponse(200, Route(r)); }
            catch (BridgeError e) { return new BridgeResponse(e.Status, e.ToJson()); }
            catch (Exception e)
            {
                BridgeLog.Error(r.Method + " " + r.Path + " failed: " + e);
                return new BridgeResponse(500, new JsonObject().Set("error", "internal error in the copygate add-on (" + e.GetType().Name + "); see the NinjaScript Output window").Set("field", null));
            }
        }

        private object Route(BridgeRequest r)
        {
            string[] s = r.Path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Select(x => Uri.UnescapeDataString(x)).ToArray();
            string head = s.Length > 0 ? s[0] : "";
            if (s.Length == 1 && head == "health") { Only(r, "GET"); return health(); }
            if (s.Length == 1 && head == "accounts") { Only(r, "GET"); return positions.ListAccounts(); }
            if (s.Length == 1 && head == "positions") { Only(r, "GET"); return positions.ListPositions(AccountQuery(r)); }
            if (s.Length == 2 && head == "positions" && s[1] == "flatten") { Only(r, "POST"); return positions.Flatten(Body(r, true)); }
            if (s.Length == 1 && head == "orders")
            {
                if (r.Method == "GET") return orders.ListOrders(AccountQuery(r));
                Only(r, "POST");
                return orders.Place(OrderTicket.FromRequest(Body(r, true), orders.MaxQuantity));
            }
            if (s.Length == 2 && head == "orders") { Only(r, "GET"); return orders.Lookup(s[1]); }
            if (s.Length == 3 && head == "orders" && s[2] == "cancel")
            {
                Only(r, "POST");
                RequestFields.AllowOnly(Body(r, false));
                return orders.Cancel(s[1]);
            }
            if (s.Length == 3 && head == "orders" && s[2] == "change") { Only(r, "POST"); return orders.Change(s[1], Body(r, true)); }
            throw new BridgeError(404, "no such endpoint: " + r.Method + " " + r.Path, null);
        }

        private static void Only(BridgeRequest r, string method)
        {
            if (r.Method != method) throw new BridgeError(405, r.Path + " accepts " + method + " only", null);
        }

        private static string AccountQuery(BridgeRequest r)
        {
            string account;
            if (!r.Query.TryGetValue("account", out account) || account.Length == 0)
                throw BridgeError.Malformed("account", "the account query parameter is required, e.g. ?account=Sim101");
            return account;
        }

        /// <summary>The request body as a JSON object; an empty body is {} unless one is required.</summary>
        private static JsonObject Body(BridgeRequest r, bool required)
        {
            object value = r.BodyJson;
            if (value == null)
            {
                if (string.IsNullOrWhiteSpace(r.BodyText))
                {
                    if (required) throw BridgeError.Malformed(null, "a JSON object body is required");
                    return new JsonObject();
                }
                try { value = JsonReader.Parse(r.BodyText); }
                catch (JsonException e) { throw BridgeError.Malformed(null, "the body is not valid JSON: " + e.Message); }
            }
            var obj = value as JsonObject;
            if (obj == null) throw BridgeError.Malformed(null, "the body must be a JSON object");
            return obj;
        }
    }
}
