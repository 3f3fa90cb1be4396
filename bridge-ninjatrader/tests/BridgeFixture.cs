// Shared set-up for transport tests: the real add-on class, started through NinjaTrader's
// state sequence (SetDefaults -> Active) over the stub, with settings given in code.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using NinjaTrader.Cbi;
using NinjaTrader.NinjaScript;
using NinjaTrader.NinjaScript.AddOns;
using NinjaTrader.NinjaScript.AddOns.Copygate;
using NinjaTrader.Stub;

namespace Copygate.Tests
{
    public abstract class BridgeFixture : IDisposable
    {
        protected const string Token = "bridge-test-token-5f2a9c81d6e4";
        protected readonly string DataDir = Path.Combine(Path.GetTempPath(), "copygate-bridge-test-" + Guid.NewGuid().ToString("N"));
        protected readonly int Port = Ports.Free();
        protected Account Sim101;
        protected Account Live1;
        protected CopygateBridgeAddOn AddOn;
        private readonly HttpClient http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

        protected BridgeFixture()
        {
            SimEngine.Reset();
            Sim101 = SimEngine.AddAccount("Sim101");
            Live1 = SimEngine.AddAccount("Live1");
            SimEngine.SetPrice("ES", 5000);
        }

        protected string Prefix { get { return "http://127.0.0.1:" + Port + "/"; } }

        protected BridgeSettings Settings(BridgeMode mode, string gatewayUrl = null, string wsUrl = null)
        {
            return new BridgeSettings
            {
                Mode = mode, ListenPrefix = Prefix, Token = Token, Accounts = new List<string> { "Sim101" }, GatewayUrl = gatewayUrl,
                GatewayWsUrl = wsUrl, DataDirectory = DataDir, AckTimeoutMs = 2000,
            };
        }

        /// <summary>Starts the add-on the way NinjaTrader does.</summary>
        protected void StartAddOn(BridgeSettings settings)
        {
            StopAddOn();
            AddOn = new CopygateBridgeAddOn { SettingsOverride = settings };
            ScriptRunner.MoveTo(AddOn, State.SetDefaults);
            ScriptRunner.MoveTo(AddOn, State.Active);
        }

        protected void StopAddOn()
        {
            if (AddOn == null) return;
            ScriptRunner.MoveTo(AddOn, State.Terminated);
            AddOn = null;
        }

        public virtual void Dispose()
        {
            SimEngine.WaitIdle();
            int handlerErrors = SimEngine.HandlerErrors;
            StopAddOn();
            http.Dispose();
            string[] log = NinjaTrader.Code.Output.Captured();
            SimEngine.Reset();
            try { Directory.Delete(DataDir, true); } catch (IOException) { }
            Assert.Equal(0, handlerErrors, "exceptions escaped into NinjaTrader's event handlers");
            Assert.False(log.Any(l => l.Contains(Token)), "the token appeared in NinjaTrader's output");
        }

        protected Reply Call(string method, string path, string body, string authorization = "Bearer " + Token)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), Prefix.TrimEnd('/') + path);
            if (authorization != null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
            if (body != null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            HttpResponseMessage response = http.SendAsync(request).Result;
            string text = response.Content.ReadAsStringAsync().Result;
            SimEngine.WaitIdle();
            return new Reply(new BridgeResponse((int)response.StatusCode, JsonReader.Parse(text)));
        }

        protected static string MarketOrder(string id, int qty = 1)
        {
            return "{\"clientOrderId\":\"" + id + "\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":" + qty + ",\"orderType\":\"market\"}";
        }

        protected Order NtOrder(string name)
        {
            lock (Sim101.Orders) return Sim101.Orders.SingleOrDefault(o => o.Name == name);
        }

        protected string QueueFile { get { return Path.Combine(DataDir, "events-queue.jsonl"); } }

        protected int QueuedLines()
        {
            return File.Exists(QueueFile) ? File.ReadAllLines(QueueFile).Length : 0;
        }
    }
}
