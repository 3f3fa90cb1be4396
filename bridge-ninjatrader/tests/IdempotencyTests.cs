// A clientOrderId names one order, ever: retries, concurrent repeats and restarts must never
// place a second one.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using NinjaTrader.Cbi;
using NinjaTrader.Stub;

namespace Copygate.Tests
{
    public class IdempotencyTests : CoreFixture
    {
        [Test]
        public void RepeatAnswers200WithTheExistingOrder()
        {
            Reply first = Post("/orders", Order("idem-1"));
            Reply second = Post("/orders", Order("idem-1"));
            Assert.Equal(200, second.Status, second.ToString());
            Assert.Equal(true, second.Bool("duplicate"));
            Assert.Equal(first.Str("orderId"), second.Str("orderId"));
            Assert.Equal(1, CountOrders());
            Assert.Equal(2, PositionOf(Sim101, "ES 12-25").Quantity, "filled once, not twice");
        }

        [Test]
        public void ConcurrentRepeatsPlaceOneOrder()
        {
            var replies = new List<Reply>();
            var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
            {
                Reply r = new Reply(Handler.Handle(NinjaTrader.NinjaScript.AddOns.Copygate.BridgeRequest.FromText("POST", "/orders", Order("idem-c"))));
                lock (replies) replies.Add(r);
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            SimEngine.WaitIdle();
            Assert.Equal(8, replies.Count(r => r.Status == 200), string.Join(" | ", replies));
            Assert.Equal(1, replies.Count(r => !r.Bool("duplicate")), "exactly one placement");
            Assert.Equal(1, CountOrders());
        }

        [Test]
        public void SameIdWithDifferentContentIs409AndPlacesNothing()
        {
            Post("/orders", Order("idem-2"));
            Reply r = Post("/orders", Order("idem-2", qty: "3"));
            Assert.Equal(409, r.Status, r.ToString());
            Assert.Equal("clientOrderId", r.Str("field"));
            Assert.Equal(2, J.Int(r.Order, "quantity"), "the existing order is returned for inspection");
            Assert.Equal(1, CountOrders());
        }

        [Test]
        public void BracketLegIdCannotBeUsedForANewOrder()
        {
            Post("/orders", Order("idem-8", ",\"stopLoss\":4990"));
            Reply r = Post("/orders", Order("idem-8-SL1"));
            Assert.Equal(409, r.Status, r.ToString());
            Assert.Equal("idem-8", r.Order.GetString("parentClientOrderId"));
            Assert.Equal(2, CountOrders(), "entry and its stop only");
        }

        [Test]
        public void RepeatAfterRestartIsStillADuplicate()
        {
            Post("/orders", Limit("idem-3", 4990));
            StartCore(); // NinjaTrader restarted the add-on; the order is still listed
            Reply r = Post("/orders", Limit("idem-3", 4990));
            Assert.Equal(200, r.Status, r.ToString());
            Assert.Equal(true, r.Bool("duplicate"));
            Assert.Equal("working", r.Str("state"));
            Assert.Equal(1, CountOrders());
        }

        [Test]
        public void RepeatOfAnOrderNinjaTraderNoLongerListsPlacesNothing()
        {
            Post("/orders", Limit("idem-4", 4990));
            // NinjaTrader restarted and dropped the order; the journal on disk remembers it.
            SimEngine.Reset();
            Sim101 = SimEngine.AddAccount("Sim101");
            Sim102 = SimEngine.AddAccount("Sim102");
            Live1 = SimEngine.AddAccount("Live1");
            SimEngine.SetPrice("ES", 5000);
            StartCore();

            Reply r = Post("/orders", Limit("idem-4", 4990));
            Assert.Equal(200, r.Status, r.ToString());
            Assert.Equal(true, r.Bool("duplicate"));
            Assert.Equal("unknown", r.Str("state"));
            Assert.Equal(0, CountOrders());
            Reply got = Get("/orders/idem-4");
            Assert.Equal(200, got.Status);
            Assert.Equal("unknown", got.Str("state"));
            Assert.Equal(4990.0, got.Num("limitPrice"));
        }

        [Test]
        public void OrderFoundByNameWithoutJournalIsNotPlacedAgain()
        {
            Post("/orders", Limit("idem-5", 4990));
            Core.Dispose();
            foreach (string f in Directory.GetFiles(DataDir)) File.Delete(f); // the journal is lost
            StartCore();
            Reply r = Post("/orders", Limit("idem-5", 4990));
            Assert.Equal(200, r.Status, r.ToString());
            Assert.Equal(true, r.Bool("duplicate"));
            Assert.Equal(1, CountOrders());
        }

        [Test]
        public void JournalSurvivesATornLastLine()
        {
            Post("/orders", Limit("idem-6", 4990));
            Core.Dispose();
            File.AppendAllText(Path.Combine(DataDir, "placed-orders.jsonl"), "{\"kind\":\"entry\",\"ti");
            StartCore();
            Assert.Equal(true, Post("/orders", Limit("idem-6", 4990)).Bool("duplicate"));
            Assert.Equal(200, Post("/orders", Limit("idem-7", 4990)).Status);
            Assert.Equal(2, CountOrders());
            string[] lines = File.ReadAllLines(Path.Combine(DataDir, "placed-orders.jsonl"));
            Assert.Equal(2, lines.Length, "torn line removed, new entry appended cleanly");
        }
    }
}
