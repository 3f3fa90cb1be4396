// TEST STUB: NinjaTrader raises account events on its own threads, never inside the caller's
// Submit. The pump does the same (one background thread, events kept in order) so the add-on
// is tested against asynchronous delivery; WaitIdle makes tests deterministic.
using System;
using System.Collections.Generic;
using System.Threading;

namespace NinjaTrader.Stub
{
    internal sealed class EventPump
    {
        private readonly Queue<Action> queue = new Queue<Action>();
        private readonly Thread thread;
        private bool busy;

        public EventPump()
        {
            thread = new Thread(Loop) { IsBackground = true, Name = "stub-ninjatrader-events" };
            thread.Start();
        }

        public void Enqueue(Action action)
        {
            lock (queue)
            {
                queue.Enqueue(action);
                Monitor.PulseAll(queue);
            }
        }

        /// <summary>True once every queued event (and any it caused) has been delivered.</summary>
        public bool WaitIdle(int timeoutMs)
        {
            if (Thread.CurrentThread == thread) return false; // a handler cannot wait for itself
            DateTime until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            lock (queue)
            {
                while (queue.Count > 0 || busy)
                {
                    int left = (int)(until - DateTime.UtcNow).TotalMilliseconds;
                    if (left <= 0) return false;
                    Monitor.Wait(queue, left);
                }
                return true;
            }
        }

        private void Loop()
        {
            while (true)
            {
                Action next;
                lock (queue)
                {
                    while (queue.Count == 0)
                    {
                        busy = false;
                        Monitor.PulseAll(queue);
                        Monitor.Wait(queue);
                    }
                    next = queue.Dequeue();
                    busy = true;
                }
                try { next(); }
                catch (Exception e) { SimEngine.RecordHandlerError(e); }
            }
        }
    }
}
