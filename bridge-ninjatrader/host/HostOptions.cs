// Command line of the test host. Options that are add-on settings go through the add-on's own
// settings parser (same names and validation as bridge.properties); the rest set up the stub.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using NinjaTrader.NinjaScript.AddOns.Copygate;

namespace Copygate.Host
{
    public sealed class HostOptions
    {
        public const string Usage =
            "usage: mono CopygateBridgeHost.exe --prefix http://127.0.0.1:PORT/ --token TOKEN [--accounts Sim101,Sim102]\n"
            + "         [--mode Listen|DialOut|Both] [--gateway-url http://127.0.0.1:GWPORT] [--gateway-ws-url ws://HOST:PORT/bridge/ninjatrader/ws]\n"
            + "         [--queue-file PATH] [--data-dir DIR] [--max-quantity N] [--ack-timeout-ms N]\n"
            + "         [--price ES=5000]... [--stub-accounts Live1,...] [--ignore-stdin]\n"
            + "Prints 'READY <prefix>' on stdout when listening; stops on SIGTERM, SIGINT or stdin closing.";

        private static readonly Dictionary<string, string> SettingNames = new Dictionary<string, string>
        {
            { "--prefix", "ListenPrefix" }, { "--token", "Token" }, { "--accounts", "Accounts" }, { "--mode", "Mode" },
            { "--gateway-url", "GatewayUrl" }, { "--gateway-ws-url", "GatewayWsUrl" }, { "--queue-file", "QueueFile" },
            { "--data-dir", "DataDirectory" }, { "--max-quantity", "MaxQuantity" }, { "--ack-timeout-ms", "AckTimeoutMs" },
        };

        public BridgeSettings Settings { get; private set; }
        public string Prefix { get; private set; }
        public List<KeyValuePair<string, double>> Prices { get; private set; }
        public List<string> StubAccounts { get; private set; }
        public bool IgnoreStdin { get; private set; }

        /// <summary>Throws ArgumentException with a message fit for the user.</summary>
        public static HostOptions Parse(string[] args)
        {
            var o = new HostOptions { Prices = new List<KeyValuePair<string, double>>(), StubAccounts = new List<string>() };
            var pairs = new Dictionary<string, string> { { "Accounts", "Sim101" } };
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                if (name == "--ignore-stdin") { o.IgnoreStdin = true; continue; }
                if (i + 1 >= args.Length) throw new ArgumentException(name + " needs a value");
                string value = args[++i];
                string setting;
                if (SettingNames.TryGetValue(name, out setting)) pairs[setting] = value;
                else if (name == "--price") o.Prices.Add(ParsePrice(value));
                else if (name == "--stub-accounts") o.StubAccounts.AddRange(value.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries));
                else throw new ArgumentException("unknown option " + name);
            }
            string prefix;
            if (!pairs.TryGetValue("ListenPrefix", out prefix)) throw new ArgumentException("--prefix is required (the /_stub/ control surface listens there in every mode)");
            if (!pairs.ContainsKey("Token")) throw new ArgumentException("--token is required");
            o.Prefix = prefix;
            string dataDir = pairs.ContainsKey("QueueFile") ? Path.GetDirectoryName(Path.GetFullPath(pairs["QueueFile"]))
                : Path.Combine(Path.GetTempPath(), "copygate-host-" + Guid.NewGuid().ToString("N"));
            o.Settings = BridgeSettings.FromPairs(pairs, dataDir);
            return o;
        }

        private static KeyValuePair<string, double> ParsePrice(string spec)
        {
            int eq = spec.LastIndexOf('=');
            double price;
            if (eq <= 0 || !double.TryParse(spec.Substring(eq + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out price) || price <= 0)
                throw new ArgumentException("--price takes ROOT=PRICE or \"ES 12-25=PRICE\", e.g. ES=5000");
            return new KeyValuePair<string, double>(spec.Substring(0, eq), price);
        }
    }
}
