// Dial-out mode: the add-on connects to the gateway's WebSocket, answers commands with the same
// handler as HTTP, sends events and waits for their ack, and reconnects with backoff.
using System;
using System.Diagnostics;
using System.Linq;
using NinjaTrader.Cbi;
using NinjaTrader.NinjaScript.AddOns.Copygate;
using NinjaTrader.Stub;

namespace Copygate.Tests
{
    public class DialOutTests : BridgeFixture
    {
        private static JsonObject Body(string json) { return (JsonObject)JsonReader.Parse(json); }

        [Test]
        public void ConnectsWithTheTokenAndAnswersCommandsLikeHttp()
        {
            using (var gw = new FakeWsGateway())
            {
                StartAddOn(Settings(BridgeMode.DialOut, null, gw.Url));
                Assert.Eventually(() => gw.Connected, "connected");
                Assert.Equal("Bearer " + Token, gw.AuthHeaders.Single());

                JsonObject placed = gw.Command("r-1", "POST", "/orders", Body(MarketOrder("ws-1", 2)));
                Assert.Equal("r-1", placed.GetString("requestId"));
                Assert.Equal(200, J.Int(placed, "status"));
                Assert.Equal("ws-1", ((JsonObject)placed.Get("body")).GetString("clientOrderId"));
                Assert.Equal(2, NtOrder("ws-1").Quantity);

                JsonObject repeat = gw.Command(7, "POST", "/orders", Body(MarketOrder("ws-1", 2)));
                Assert.Equal("7", JsonWriter.Write(repeat.Get("requestId")), "numeric requestId echoed as sent");
                Assert.Equal(true, (bool)((JsonObject)repeat.Get("body")).Get("duplicate"));

                JsonObject bad = gw.Command("r-2", "POST", "/orders", Body("{\"clientOrderId\":\"ws-2\"}"));
                Assert.Equal(400, J.Int(bad, "status"));
                Assert.Equal("account", ((JsonObject)bad.Get("body")).GetString("field"));

                JsonObject got = gw.Command("r-3", "GET", "/orders/ws-1", null);
                Assert.Equal("filled", ((JsonObject)got.Get("body")).GetString("state"));
                JsonObject list = gw.Command("r-4", "GET", "/positions?account=Sim101", null);
                Assert.Equal(2, J.Int(J.List((JsonObject)list.Get("body"), "positions").Single(), "quantity"));
                JsonObject health = gw.Command("r-5", "GET", "/health", null);
                Assert.Equal("connected", ((JsonObject)health.Get("body")).GetString("dialOut"));
                Assert.Null(((JsonObject)health.Get("body")).Get("listening"), "DialOut opens no port");

                JsonObject noPath = gw.Raw(new JsonObject().Set("requestId", "r-6").Set("method", "GET"), "\"r-6\"");
                Assert.Equal(400, J.Int(noPath, "status"));
                Assert.Equal(1, Sim101.Orders.Count);
            }
        }

        [Test]
        public void EventsTravelOverTheSocketAndAreAcknowledged()
        {
            using (var gw = new FakeWsGateway())
            {
                StartAddOn(Settings(BridgeMode.DialOut, null, gw.Url));
                Assert.Eventually(() => gw.Connected, "connected");
                SimEngine.PlaceManual(Sim101, "ES 12-25", OrderAction.SellShort, OrderType.Market, 1, 0, 0, "Entry", "");
                Assert.Eventually(() => gw.ReceivedEvents.Count == 5, "4 order updates and 1 execution");
                Assert.Equal("order,order,order,order,execution", string.Join(",", gw.ReceivedEvents.Select(e => e.GetString("type"))));
                Assert.Equal("short", gw.ReceivedEvents.Last().GetString("marketPosition"));
                Assert.Eventually(() => QueuedLines() == 0, "acknowledged events leave the queue");
            }
        }

        [Test]
        public void UnacknowledgedEventsAreResentAfterReconnect()
        {
            using (var gw = new FakeWsGateway())
            {
                gw.AutoAck = false;
                StartAddOn(Settings(BridgeMode.DialOut, null, gw.Url));
                Assert.Eventually(() => gw.Connected, "connected");
                gw.Command("p", "POST", "/orders", Body(MarketOrder("ack-1")));
                Assert.Eventually(() => QueuedLines() == 5, "queued, not acknowledged", 10000, () => QueuedLines() + " lines, " + Sim101.Orders.Count + " orders");
                gw.AutoAck = true;
                gw.Drop();
                var watch = Stopwatch.StartNew();
                Assert.Eventually(() => gw.Connections == 2, "reconnected", 10000);
                Assert.True(watch.ElapsedMilliseconds >= 500 && watch.ElapsedMilliseconds < 5000, "first retry after about 1 s, took " + watch.ElapsedMilliseconds + " ms");
                Assert.Eventually(() => gw.ReceivedEvents.Count == 5, "all five delivered after reconnect", 20000);
                Assert.Equal("submitted", gw.ReceivedEvents.First().GetString("state"), "oldest first");
                Assert.Eventually(() => QueuedLines() == 0, "queue emptied");
            }
        }

        [Test]
        public void BothModeFallsBackToHttpWhileTheSocketIsDown()
        {
            using (FakeGateway http = new FakeGateway().Start())
            using (var ws = new FakeWsGateway())
            {
                ws.RefuseHandshake = true;
                StartAddOn(Settings(BridgeMode.Both, http.Url, ws.Url));
                Assert.Equal(200, Call("POST", "/orders", MarketOrder("both-1")).Status, "HTTP receiver is up in Both mode");
                Assert.Eventually(() => http.Events.Count == 5, "events went over HTTP");
                Assert.Equal("connecting", Call("GET", "/health", null).Str("dialOut"));
                Assert.Eventually(() => ws.AuthHeaders.Count >= 2, "keeps retrying the socket", 10000);
            }
        }

        [Test]
        public void BackoffDoublesFromOneSecondToThirty()
        {
            var b = new Backoff();
            Assert.Equal("1000,2000,4000,8000,16000,30000,30000", string.Join(",", Enumerable.Range(0, 7).Select(_ => b.Next())));
            b.Reset();
            Assert.Equal(1000, b.Next());
        }
    }
}
