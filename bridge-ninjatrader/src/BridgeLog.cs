// copygate NinjaTrader bridge: logging to NinjaTrader's Output window (NinjaScript Output tab 1).
// The shared bearer token is registered as a secret and masked from every line, so even a
// message that accidentally carries it (an exception text, a URL) never shows it.
using System;
using NinjaTrader.NinjaScript;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public static class BridgeLog
    {
        private static readonly object sync = new object();
        private static string secret;

        public static void SetSecret(string value)
        {
            lock (sync) secret = string.IsNullOrEmpty(value) ? null : value;
        }

        public static void Info(string message) { Write("copygate: " + message); }
        public static void Warn(string message) { Write("copygate WARNING: " + message); }
        public static void Error(string message) { Write("copygate ERROR: " + message); }

        private static void Write(string line)
        {
            string s;
            lock (sync) s = secret;
            if (s != null && line.IndexOf(s, StringComparison.Ordinal) >= 0) line = line.Replace(s, "***");
            try { NinjaTrader.Code.Output.Process(line, PrintTo.OutputTab1); }
            catch (Exception) { } // logging must never take a request or an event down
        }
    }
}
