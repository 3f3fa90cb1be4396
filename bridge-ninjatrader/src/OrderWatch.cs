// copygate NinjaTrader bridge: lets a request wait (briefly) for NinjaTrader's answer.
// Submit/Cancel/Change return before NinjaTrader has decided; the verdict arrives later as an
// OrderUpdate on another thread. A waiter is registered BEFORE the call so no update is missed.
using System;
using System.Collections.Generic;
using System.Threading;
using NinjaTrader.Cbi;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class OrderWatch : IAccountListener
    {
        public sealed class Waiter
        {
            internal Order Order;
            internal Func<OrderEventArgs, bool> Done;
            internal readonly ManualResetEventSlim Signal = new ManualResetEventSlim(false);
            internal OrderEventArgs Result;
        }

        private readonly object sync = new object();
        private readonly List<Waiter> waiters = new List<Waiter>();

        public Waiter Expect(Order order, Func<OrderEventArgs, bool> done)
        {
            var w = new Waiter { Order = order, Done = done };
            lock (sync) waiters.Add(w);
            return w;
        }

        /// <summary>The update that satisfied the waiter, or null when none came in time.</summary>
        public OrderEventArgs Wait(Waiter w, int timeoutMs)
        {
            try
            {
                w.Signal.Wait(timeoutMs);
                lock (sync) return w.Result;
            }
            finally
            {
                Forget(w);
            }
        }

        public void Forget(Waiter w)
        {
            lock (sync) waiters.Remove(w);
            w.Signal.Dispose();
        }

        public void OnOrderUpdate(Account account, OrderEventArgs e)
        {
            lock (sync)
            {
                foreach (Waiter w in waiters)
                {
                    if (w.Result != null || !ReferenceEquals(w.Order, e.Order) || !w.Done(e)) continue;
                    w.Result = e;
                    w.Signal.Set();
                }
            }
        }

        public void OnExecutionUpdate(Account account, ExecutionEventArgs e) { }
        public void OnPositionUpdate(Account account, PositionEventArgs e) { }

        // What "NinjaTrader has answered" means for each kind of request.
        public static Func<OrderEventArgs, bool> Submitted()
        {
            return e => e.OrderState != OrderState.Initialized && e.OrderState != OrderState.Submitted;
        }

        public static Func<OrderEventArgs, bool> CancelSettled()
        {
            return e => OrderNames.IsFinal(e.OrderState) || e.Error != ErrorCode.NoError;
        }

        public static Func<OrderEventArgs, bool> ChangeSettled()
        {
            bool pending = false;
            return e =>
            {
                if (e.Error != ErrorCode.NoError || OrderNames.IsFinal(e.OrderState)) return true;
                if (e.OrderState == OrderState.ChangePending || e.OrderState == OrderState.ChangeSubmitted) { pending = true; return false; }
                return pending;
            };
        }
    }
}
