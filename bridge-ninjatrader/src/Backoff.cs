// copygate NinjaTrader bridge: retry delays, 1 s doubling to 30 s, back to 1 s after a success.
using System;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class Backoff
    {
        public const int FirstMs = 1000;
        public const int MaxMs = 30000;
        private int next = FirstMs;

        /// <summary>The delay to wait now; the one after it is twice as long, up to MaxMs.</summary>
        public int Next()
        {
            int now = next;
            next = Math.Min(next * 2, MaxMs);
            return now;
        }

        public void Reset() { next = FirstMs; }
    }
}
