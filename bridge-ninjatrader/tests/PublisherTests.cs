// The execution publisher: order updates and fills of enabled accounts reach the gateway in
// NinjaTrader's order; while the gateway is down they wait in the file queue and are replayed
// oldest first, each removed only once acknowledged.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NinjaTrader.Cbi;
using NinjaTrader.NinjaScript.AddOns.Copygate;
using NinjaTrader.Stub;

namespace Copygate.Tests
{
    public class PublisherTests : BridgeFixture
    {
        private static string Trail(IEnumerable<JsonObject> events, string name)
        {
            return string.Join(",", events.Where(e => e.GetString("name") == name)
                .Select(e => e.GetString("type") == "order" ? e.GetString("state") : "exec"));
        }

        [Test]
        public void OrderUpdatesThenExecutionReachTheGatewayInOrder()
        {
            using (FakeGateway gw = new FakeGateway().Start())
            {
                StartAddOn(Settings(BridgeMode.Listen, gw.Url));
                DateTime before = DateTime.UtcNow;
                Call("POST", "/orders", MarketOrder("pub-1", 2));
                Assert.Eventually(() => gw.Events.Any(e => e.GetString("type") == "execution"), "execution delivered");
                List<JsonObject> events = gw.Events;
                Assert.Equal("submitted,accepted,working,filled,exec", Trail(events, "pub-1"));
                Assert.True(gw.AuthHeaders.All(h => h == "Bearer " + Token), "bearer token on every POST");

                JsonObject x = events.Single(e => e.GetString("type") == "execution");
                Assert.Equal("pub-1", x.GetString("clientOrderId"));
                Assert.Equal("Sim101", x.GetString("account"));
                Assert.Equal("ES 12-25", x.GetString("instrument"));
                Assert.Equal("buy", x.GetString("action"));
                Assert.Equal(2, J.Int(x, "quantity"));
                Assert.Equal(5000.0, J.Num(x, "price"));
                Assert.Equal("long", x.GetString("marketPosition"));
                Assert.NotNull(x.GetString("executionId"), "executionId");
                Assert.Equal(NtOrder("pub-1").OrderId, x.GetString("orderId"));
                DateTime time = DateTime.Parse(x.GetString("time"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
                Assert.True(x.GetString("time").EndsWith("Z"), "UTC marker");
                Assert.True(Math.Abs((time - before).TotalSeconds) < 10, "NinjaTrader's UTC-5 platform time converted to UTC: " + x.GetString("time"));

                JsonObject filled = events.Single(e => e.GetString("type") == "order" && e.GetString("state") == "filled");
                Assert.Equal(2, J.Int(filled, "filled"));
                Assert.Equal(5000.0, J.Num(filled, "averageFillPrice"));
                Assert.Equal(events.Count, events.Select(e => e.GetString("eventId")).Distinct().Count(), "every event has its own id");
            }
        }

        [Test]
        public void TraderOrdersArePublishedSoNinjaTraderCanBeAMaster()
        {
            using (FakeGateway gw = new FakeGateway().Start())
            {
                StartAddOn(Settings(BridgeMode.Listen, gw.Url));
                SimEngine.PlaceManual(Sim101, "ES 12-25", OrderAction.Buy, OrderType.Limit, 1, 4995, 0, "Entry", "");
                SimEngine.PlaceManual(Live1, "ES 12-25", OrderAction.Buy, OrderType.Market, 1, 0, 0, "Entry", "");
                SimEngine.SetPrice("ES", 4995);
                Assert.Eventually(() => gw.Events.Any(e => e.GetString("type") == "execution"), "execution delivered");
                SimEngine.WaitIdle();
                System.Threading.Thread.Sleep(300);
                List<JsonObject> events = gw.Events;
                Assert.True(events.All(e => e.GetString("account") == "Sim101"), "Live1 is not enabled: nothing published for it");
                Assert.Equal("submitted,accepted,working,filled,exec", Trail(events, "Entry"));
                Assert.True(events.All(e => e.Get("clientOrderId") == null), "a trader's order has no clientOrderId");
                JsonObject working = events.First(e => e.GetString("state") == "working");
                Assert.Equal("limit", working.GetString("orderType"));
                Assert.Equal(4995.0, J.Num(working, "limitPrice"));
                Assert.Null(working.Get("stopPrice"), "no stop price on a limit");
            }
        }

        [Test]
        public void EventsWaitInTheFileWhileTheGatewayIsDownThenFlowOldestFirst()
        {
            var gw = new FakeGateway(); // not started: connection refused
            StartAddOn(Settings(BridgeMode.Listen, gw.Url));
            Call("POST", "/orders", MarketOrder("down-1"));
            Call("POST", "/orders", MarketOrder("down-2"));
            Assert.Eventually(() => QueuedLines() == 10, "10 events queued on disk (2 x 4 states + 2 executions)");
            List<string> queuedIds = File.ReadAllLines(QueueFile).Select(l => ((JsonObject)JsonReader.Parse(l)).GetString("eventId")).ToList();
            Assert.Equal(10, Call("GET", "/health", null).Int("pendingEvents"));

            gw.Start();
            Assert.Eventually(() => gw.Events.Count == 10, "all delivered after the gateway came back", 20000);
            Assert.Equal(string.Join(",", queuedIds), string.Join(",", gw.Events.Select(e => e.GetString("eventId"))), "oldest first, each once");
            Assert.Eventually(() => QueuedLines() == 0, "queue file emptied once everything was acknowledged");
            Assert.Equal(0, Call("GET", "/health", null).Int("pendingEvents"));
            gw.Dispose();
        }

        [Test]
        public void UndeliveredEventsSurviveARestart()
        {
            var gw = new FakeGateway();
            StartAddOn(Settings(BridgeMode.Listen, gw.Url));
            Call("POST", "/orders", MarketOrder("rs-1"));
            Assert.Eventually(() => QueuedLines() == 5, "queued");
            StopAddOn(); // NinjaTrader closed while the gateway was down
            gw.Start();
            StartAddOn(Settings(BridgeMode.Listen, gw.Url));
            Call("POST", "/orders", MarketOrder("rs-2"));
            Assert.Eventually(() => gw.Events.Count == 10, "old and new delivered", 20000);
            Assert.Equal("rs-1", gw.Events.First().GetString("clientOrderId"), "the older events first");
            Assert.Equal("rs-2", gw.Events.Last().GetString("clientOrderId"));
            gw.Dispose();
        }

        [Test]
        public void RefusedEventIsSetAsideAndDoesNotBlockTheRest()
        {
            using (FakeGateway gw = new FakeGateway().Start())
            {
                gw.Status = 422;
                StartAddOn(Settings(BridgeMode.Listen, gw.Url));
                Call("POST", "/orders", MarketOrder("ref-1"));
                Assert.Eventually(() => gw.Attempts >= 5 && QueuedLines() == 0, "all five refused and set aside");
                string refused = Path.Combine(DataDir, "events-queue-refused.jsonl");
                Assert.Equal(5, File.ReadAllLines(refused).Length, "kept for inspection");
                gw.Status = 200;
                Call("POST", "/orders", MarketOrder("ref-2"));
                Assert.Eventually(() => gw.Events.Count == 5, "later events still flow");
                Assert.True(gw.Events.All(e => e.GetString("clientOrderId") == "ref-2"), "only the new ones");
            }
        }

        [Test]
        public void ConflictForAKnownEventIdCountsAsAcknowledged()
        {
            using (FakeGateway gw = new FakeGateway().Start())
            {
                gw.Status = 409;
                StartAddOn(Settings(BridgeMode.Listen, gw.Url));
                Call("POST", "/orders", MarketOrder("dup-1"));
                Assert.Eventually(() => gw.Attempts == 5 && QueuedLines() == 0, "each sent once and acknowledged", 5000, () => gw.Attempts + " attempts");
                Assert.False(File.Exists(Path.Combine(DataDir, "events-queue-refused.jsonl")), "nothing set aside");
            }
        }

        [Test]
        public void UnauthorisedGatewayIsRetriedNotDropped()
        {
            using (FakeGateway gw = new FakeGateway().Start())
            {
                gw.Status = 401;
                StartAddOn(Settings(BridgeMode.Listen, gw.Url));
                Call("POST", "/orders", MarketOrder("auth-1"));
                Assert.Eventually(() => gw.Attempts >= 2, "retried");
                Assert.Equal(5, QueuedLines(), "still queued");
                gw.Status = 200;
                Assert.Eventually(() => gw.Events.Count == 5, "delivered once the gateway accepts the token", 20000);
            }
        }

        [Test]
        public void EventIdsAreStableForTheSameUpdate()
        {
            var registry = new OrderRegistry(Path.Combine(DataDir, "j.jsonl"));
            var factory = new EventFactory(registry);
            var seen = new List<JsonObject>();
            Sim101.OrderUpdate += (s, e) => { lock (seen) { seen.Add(factory.OrderEvent(Sim101, e)); seen.Add(factory.OrderEvent(Sim101, e)); } };
            Sim101.ExecutionUpdate += (s, e) => { lock (seen) { seen.Add(factory.ExecutionEvent(Sim101, e)); seen.Add(factory.ExecutionEvent(Sim101, e)); } };
            SimEngine.PlaceManual(Sim101, "ES 12-25", OrderAction.Buy, OrderType.Market, 1, 0, 0, "m", "");
            SimEngine.WaitIdle();
            Assert.Equal(10, seen.Count);
            for (int i = 0; i < seen.Count; i += 2)
                Assert.Equal(seen[i].GetString("eventId"), seen[i + 1].GetString("eventId"), "same update, same id");
            Assert.Equal(5, seen.Select(e => e.GetString("eventId")).Distinct().Count(), "different updates, different ids");
            Assert.True(seen.Last().GetString("eventId").StartsWith("x-"), "executions are x-..., orders o-...");
        }
    }
}
