// The HTTP receiver (Listen mode) and the add-on's life cycle inside NinjaTrader.
using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using NinjaTrader.Cbi;
using NinjaTrader.NinjaScript;
using NinjaTrader.NinjaScript.AddOns;
using NinjaTrader.NinjaScript.AddOns.Copygate;
using NinjaTrader.Stub;

namespace Copygate.Tests
{
    public class ReceiverTests : BridgeFixture
    {
        [Test]
        public void EveryRequestNeedsTheBearerToken()
        {
            StartAddOn(Settings(BridgeMode.Listen));
            foreach (string auth in new[] { null, "Bearer wrong-token", "Bearer " + Token.Substring(1), "Basic " + Token, Token })
            {
                Reply r = Call("POST", "/orders", MarketOrder("auth-1"), auth);
                Assert.Equal(401, r.Status, "authorization <" + auth + ">");
                Assert.True(r.Str("error").Contains("token"), "JSON error");
                Assert.Equal(401, Call("GET", "/health", null, auth).Status, "health too");
            }
            Assert.Equal(0, Sim101.Orders.Count, "nothing placed without the token");
            Reply ok = Call("GET", "/health", null);
            Assert.Equal(200, ok.Status, ok.ToString());
            Assert.Equal("Listen", ok.Str("mode"));
            Assert.Equal(Prefix, ok.Str("listening"));
        }

        [Test]
        public void PlacesAndLooksUpOrdersOverHttp()
        {
            StartAddOn(Settings(BridgeMode.Listen));
            Reply placed = Call("POST", "/orders", MarketOrder("http-1", 3));
            Assert.Equal(200, placed.Status, placed.ToString());
            Assert.Equal(3, NtOrder("http-1").Quantity);
            Reply got = Call("GET", "/orders/http-1", null);
            Assert.Equal("filled", got.Str("state"));
            Assert.Equal(404, Call("GET", "/orders/http-404", null).Status);
            Reply list = Call("GET", "/orders?account=Sim101", null);
            Assert.Equal(1, list.List("orders").Count);
            Assert.Equal(409, Call("POST", "/orders/http-1/cancel", null).Status, "cancel of a filled order");
        }

        [Test]
        public void OversizedAndNonUtf8BodiesAreRefused()
        {
            StartAddOn(Settings(BridgeMode.Listen));
            Reply big = Call("POST", "/orders", "{\"x\":\"" + new string('a', 70000) + "\"}");
            Assert.Equal(413, big.Status, big.ToString());
            var request = (HttpWebRequest)WebRequest.Create(Prefix + "orders");
            request.Method = "POST";
            request.Headers["Authorization"] = "Bearer " + Token;
            byte[] bad = { (byte)'{', 0xff, 0xfe, (byte)'}' };
            using (var s = request.GetRequestStream()) s.Write(bad, 0, bad.Length);
            try { request.GetResponse(); throw new AssertionException("expected 400"); }
            catch (WebException e) { Assert.Equal(400, (int)((HttpWebResponse)e.Response).StatusCode); }
            Assert.Equal(0, Sim101.Orders.Count);
        }

        [Test]
        public void TerminatedAddOnStopsListening()
        {
            StartAddOn(Settings(BridgeMode.Listen));
            Assert.Equal(200, Call("GET", "/health", null).Status);
            StopAddOn();
            Assert.Throws<AggregateException>(() => Call("GET", "/health", null), "connection refused after Terminated");
            StartAddOn(Settings(BridgeMode.Listen)); // F5 recompile: NinjaTrader starts a new instance
            Assert.Equal(200, Call("GET", "/health", null).Status);
        }

        [Test]
        public void InvalidSettingsLeaveTheAddOnIdleWithoutThrowing()
        {
            BridgeSettings weak = Settings(BridgeMode.Listen);
            weak.Token = "short";
            StartAddOn(weak);
            Assert.Null(AddOn.Bridge, "not started");
            Assert.True(NinjaTrader.Code.Output.Captured().Any(l => l.Contains("at least 16 characters")), "reason logged");

            BridgeSettings open = Settings(BridgeMode.Listen);
            open.ListenPrefix = "http://0.0.0.0:" + Port + "/";
            StartAddOn(open);
            Assert.Null(AddOn.Bridge, "plain HTTP off loopback is refused");
        }

        [Test]
        public void PortAlreadyTakenIsLoggedNotThrown()
        {
            var squatter = new HttpListener();
            squatter.Prefixes.Add(Prefix);
            squatter.Start();
            try
            {
                StartAddOn(Settings(BridgeMode.Listen));
                Assert.Null(AddOn.Bridge, "not started");
                Assert.True(NinjaTrader.Code.Output.Captured().Any(l => l.Contains("not started")), "logged");
            }
            finally { squatter.Close(); }
        }

        [Test]
        public void SettingsFileIsCreatedWithARandomTokenOnFirstStart()
        {
            string file = System.IO.Path.Combine(DataDir, "copygate", "bridge.properties");
            BridgeSettings first = BridgeSettings.LoadOrCreate(file, DataDir);
            Assert.True(System.IO.File.Exists(file), "template written");
            Assert.Equal(48, first.Token.Length, "24 random bytes in hex");
            Assert.Equal(BridgeMode.Listen, first.Mode);
            Assert.Equal("http://127.0.0.1:8181/", first.ListenPrefix);
            Assert.Equal("Sim101", string.Join(",", first.Accounts));
            Assert.Equal(100, first.MaxQuantity);
            Assert.Equal(first.Token, BridgeSettings.LoadOrCreate(file, DataDir).Token, "the second start reads the same token");
            Assert.False(first.Describe().Contains(first.Token), "Describe masks the token");
            Assert.False(NinjaTrader.Code.Output.Captured().Any(l => l.Contains(first.Token)), "token not logged");
        }

        [Test]
        public void SettingsRejectUnknownKeysAndBadValues()
        {
            var ok = new System.Collections.Generic.Dictionary<string, string> { { "Token", Token }, { "Mode", "dialout" }, { "GatewayWsUrl", "wss://gw.example/bridge/ninjatrader/ws" }, { "Accounts", "Sim101, Sim102" } };
            BridgeSettings s = BridgeSettings.FromPairs(ok, DataDir);
            Assert.Equal(BridgeMode.DialOut, s.Mode);
            Assert.Equal("Sim101,Sim102", string.Join(",", s.Accounts));
            foreach (var bad in new[] { "Tokn=x", "Mode=Sideways", "MaxQuantity=0", "MaxQuantity=abc", "AckTimeoutMs=5", "PublishEvents=yes" })
            {
                var pairs = new System.Collections.Generic.Dictionary<string, string>(ok);
                pairs[bad.Split('=')[0]] = bad.Split('=')[1];
                Assert.Throws<ArgumentException>(() => BridgeSettings.FromPairs(pairs, DataDir), bad);
            }
            var noWs = new System.Collections.Generic.Dictionary<string, string>(ok);
            noWs.Remove("GatewayWsUrl");
            Assert.Throws<ArgumentException>(() => BridgeSettings.FromPairs(noWs, DataDir), "DialOut needs GatewayWsUrl");
        }
    }
}
