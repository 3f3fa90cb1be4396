// copygate NinjaTrader bridge: the execution publisher. Every order update and execution of the
// enabled accounts (the gateway's own orders and the trader's) becomes an event, is written to
// the durable queue on NinjaTrader's thread (one flushed append, about a millisecond), and is delivered by one
// background thread, oldest first, each removed only once the gateway acknowledged it.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NinjaTrader.Cbi;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class EventPublisher : IAccountListener, IDisposable
    {
        private readonly EventQueue queue;
        private readonly EventFactory factory;
        private readonly List<IEventSink> sinks;
        private readonly AutoResetEvent queued = new AutoResetEvent(false);
        private readonly AutoResetEvent linkUp = new AutoResetEvent(false);
        private volatile bool stopping;
        private Thread thread;
        private bool failing;

        /// <param name="sinks">In order of preference (the dial-out link first when it is up).</param>
        public EventPublisher(EventQueue queue, EventFactory factory, IEnumerable<IEventSink> sinks)
        {
            this.queue = queue;
            this.factory = factory;
            this.sinks = sinks.ToList();
        }

        public int Pending { get { return queue.Depth; } }

        public void Start()
        {
            thread = new Thread(Run) { IsBackground = true, Name = "copygate-event-publisher" };
            thread.Start();
        }

        /// <summary>A link to the gateway (re)connected: retry now instead of waiting out the backoff.</summary>
        public void Wake() { linkUp.Set(); }

        public void OnOrderUpdate(Account account, OrderEventArgs e) { Publish(factory.OrderEvent(account, e)); }
        public void OnExecutionUpdate(Account account, ExecutionEventArgs e) { Publish(factory.ExecutionEvent(account, e)); }
        public void OnPositionUpdate(Account account, PositionEventArgs e) { }

        private void Publish(JsonObject ev)
        {
            queue.Enqueue(ev);
            queued.Set();
        }

        private void Run()
        {
            var backoff = new Backoff();
            while (!stopping)
            {
                JsonObject ev = queue.Peek();
                if (ev == null) { queued.WaitOne(1000); continue; }
                if (TrySend(ev)) { backoff.Reset(); continue; }
                // New events do not cut the wait short (they would hammer a gateway that is down);
                // a reconnect of the dial-out link does.
                linkUp.WaitOne(backoff.Next());
            }
        }

        private bool TrySend(JsonObject ev)
        {
            IEventSink sink = sinks.FirstOrDefault(s => s.IsReady);
            if (sink == null) { Report(false, "no connection to the gateway"); return false; }
            string detail;
            Delivery result = sink.Deliver(ev, out detail);
            if (result == Delivery.Delivered)
            {
                queue.Acknowledge(ev);
                Report(true, null);
                return true;
            }
            if (result == Delivery.Refused)
            {
                BridgeLog.Error("the gateway refused event " + ev.GetString("eventId") + " (" + detail + "); set aside in the refused-events file");
                queue.SetAside(ev, detail);
                return true;
            }
            Report(false, sink.Name + ": " + detail);
            return false;
        }

        // One log line when delivery starts failing and one when it recovers, not one per retry.
        private void Report(bool ok, string detail)
        {
            if (ok && failing) BridgeLog.Info("event delivery to the gateway resumed");
            if (!ok && !failing) BridgeLog.Warn("cannot deliver events yet (" + detail + "); " + queue.Depth + " queued, retrying with backoff");
            failing = !ok;
        }

        public void Dispose()
        {
            stopping = true;
            queued.Set();
            linkUp.Set();
            if (thread != null) thread.Join(15000);
        }
    }
}
