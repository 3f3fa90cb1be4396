// Shared set-up: a fresh stubbed NinjaTrader (Sim101, Sim102 enabled; Live1 exists but is not
// enabled), ES at 5000, and the bridge's trading core in a temporary data folder.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NinjaTrader.Cbi;
using NinjaTrader.NinjaScript.AddOns.Copygate;
using NinjaTrader.Stub;

namespace Copygate.Tests
{
    public abstract class CoreFixture : IDisposable
    {
        protected const string Token = "test-token-0123456789abcdef";
        protected readonly string DataDir;
        protected Account Sim101;
        protected Account Sim102;
        protected Account Live1;
        protected BridgeCore Core;
        protected RequestHandler Handler;

        protected CoreFixture()
        {
            SimEngine.Reset();
            Sim101 = SimEngine.AddAccount("Sim101");
            Sim102 = SimEngine.AddAccount("Sim102");
            Live1 = SimEngine.AddAccount("Live1");
            SimEngine.SetPrice("ES", 5000);
            SimEngine.SetPrice("NQ", 20000);
            DataDir = Path.Combine(Path.GetTempPath(), "copygate-test-" + Guid.NewGuid().ToString("N"));
            StartCore();
        }

        protected BridgeSettings Settings()
        {
            return new BridgeSettings
            {
                Token = Token, Accounts = new List<string> { "Sim101", "Sim102" }, DataDirectory = DataDir, AckTimeoutMs = 2000,
            };
        }

        /// <summary>(Re)starts the core over the same data folder, as NinjaTrader does after a restart.</summary>
        protected void StartCore()
        {
            if (Core != null) Core.Dispose();
            Core = new BridgeCore(Settings());
            Core.Start();
            Handler = Core.CreateHandler(() => new JsonObject().Set("status", "ok"));
        }

        public virtual void Dispose()
        {
            SimEngine.WaitIdle();
            int handlerErrors = SimEngine.HandlerErrors;
            if (Core != null) Core.Dispose();
            SimEngine.Reset();
            try { Directory.Delete(DataDir, true); } catch (IOException) { }
            Assert.Equal(0, handlerErrors, "exceptions escaped into NinjaTrader's event handlers");
        }

        protected Reply Post(string path, string body)
        {
            BridgeResponse r = Handler.Handle(BridgeRequest.FromText("POST", path, body));
            SimEngine.WaitIdle();
            return new Reply(r);
        }

        protected Reply Get(string path)
        {
            return new Reply(Handler.Handle(BridgeRequest.FromText("GET", path, null)));
        }

        protected static string Order(string id, string extra = "", string account = "Sim101", string qty = "2")
        {
            return "{\"clientOrderId\":\"" + id + "\",\"account\":\"" + account + "\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":" + qty
                + ",\"orderType\":\"market\",\"timeInForce\":\"day\"" + extra + "}";
        }

        protected static string Limit(string id, double price, string extra = "", string qty = "2", string action = "buy")
        {
            return "{\"clientOrderId\":\"" + id + "\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"" + action + "\",\"quantity\":" + qty
                + ",\"orderType\":\"limit\",\"limitPrice\":" + JsonWriter.FormatDouble(price) + extra + "}";
        }

        protected Order NtOrder(Account a, string name)
        {
            lock (a.Orders) return a.Orders.SingleOrDefault(o => o.Name == name);
        }

        protected int CountOrders()
        {
            return new[] { Sim101, Sim102, Live1 }.Sum(a => { lock (a.Orders) return a.Orders.Count; });
        }

        protected Position PositionOf(Account a, string instrument)
        {
            lock (a.Positions) return a.Positions.SingleOrDefault(p => p.Instrument.FullName == instrument);
        }
    }

    /// <summary>A response as the gateway sees it: written to JSON text and read back.</summary>
    public sealed class Reply
    {
        public Reply(BridgeResponse r)
        {
            Status = r.Status;
            Body = JsonReader.Parse(JsonWriter.Write(r.Body)) as JsonObject;
        }

        public int Status { get; private set; }
        public JsonObject Body { get; private set; }

        public string Str(string key) { return Body.GetString(key); }
        public object this[string key] { get { return Body.Get(key); } }
        public JsonObject Order { get { return Body.Get("order") as JsonObject; } }
        public bool Bool(string key) { return (bool)Body.Get(key); }
        public int Int(string key) { return J.Int(Body, key); }
        public double Num(string key) { return J.Num(Body, key); }
        public List<JsonObject> List(string key) { return J.List(Body, key); }

        public override string ToString() { return Status + " " + JsonWriter.Write(Body); }
    }

    public static class J
    {
        public static int Int(JsonObject o, string key) { return (int)((JsonNumber)o.Get(key)).ToDouble(); }
        public static double Num(JsonObject o, string key) { return ((JsonNumber)o.Get(key)).ToDouble(); }
        public static List<JsonObject> List(JsonObject o, string key) { return ((List<object>)o.Get(key)).Cast<JsonObject>().ToList(); }
    }
}
