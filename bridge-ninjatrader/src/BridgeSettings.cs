// copygate NinjaTrader bridge: settings, read from a key=value file in NinjaTrader's user folder
// (Documents\NinjaTrader 8\copygate\bridge.properties). The add-on writes a commented template
// with a fresh random token on first start. The token is never logged (see Describe).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public enum BridgeMode { Listen, DialOut, Both }

    public sealed class BridgeSettings
    {
        public BridgeMode Mode { get; set; }
        public string ListenPrefix { get; set; }
        public string Token { get; set; }
        public List<string> Accounts { get; set; }
        public string GatewayUrl { get; set; }
        public string GatewayWsUrl { get; set; }
        public string DataDirectory { get; set; }
        public string QueueFileOverride { get; set; }
        public int MaxQuantity { get; set; }
        public int AckTimeoutMs { get; set; }
        public bool PublishEvents { get; set; }
        public bool AllowRemoteListen { get; set; }
        public int JournalDays { get; set; }

        public BridgeSettings()
        {
            Mode = BridgeMode.Listen;
            ListenPrefix = "http://127.0.0.1:8181/";
            Accounts = new List<string> { "Sim101" };
            MaxQuantity = 100;
            AckTimeoutMs = 3000;
            PublishEvents = true;
            JournalDays = 7;
        }

        public bool Listens { get { return Mode == BridgeMode.Listen || Mode == BridgeMode.Both; } }
        public bool DialsOut { get { return Mode == BridgeMode.DialOut || Mode == BridgeMode.Both; } }
        public string QueueFile { get { return QueueFileOverride ?? Path.Combine(DataDirectory, "events-queue.jsonl"); } }
        public string JournalFile { get { return Path.Combine(DataDirectory, "placed-orders.jsonl"); } }

        /// <summary>Reads the settings from key=value pairs (file lines or host arguments); throws
        /// ArgumentException naming the bad key.</summary>
        public static BridgeSettings FromPairs(IDictionary<string, string> pairs, string defaultDataDirectory)
        {
            var s = new BridgeSettings { DataDirectory = defaultDataDirectory };
            foreach (KeyValuePair<string, string> p in pairs)
            {
                string v = p.Value.Trim();
                switch (p.Key.Trim())
                {
                    case "Mode": s.Mode = ParseMode(v); break;
                    case "ListenPrefix": s.ListenPrefix = v; break;
                    case "Token": s.Token = v; break;
                    case "Accounts": s.Accounts = v.Split(',').Select(a => a.Trim()).Where(a => a.Length > 0).ToList(); break;
                    case "GatewayUrl": s.GatewayUrl = v.TrimEnd('/'); break;
                    case "GatewayWsUrl": s.GatewayWsUrl = v; break;
                    case "DataDirectory": if (v.Length > 0) s.DataDirectory = v; break;
                    case "QueueFile": if (v.Length > 0) s.QueueFileOverride = v; break;
                    case "MaxQuantity": s.MaxQuantity = Int("MaxQuantity", v, 1, 100000); break;
                    case "AckTimeoutMs": s.AckTimeoutMs = Int("AckTimeoutMs", v, 100, 60000); break;
                    case "PublishEvents": s.PublishEvents = Bool("PublishEvents", v); break;
                    case "AllowRemoteListen": s.AllowRemoteListen = Bool("AllowRemoteListen", v); break;
                    case "JournalDays": s.JournalDays = Int("JournalDays", v, 1, 365); break;
                    default: throw new ArgumentException("unknown setting \"" + p.Key + "\"");
                }
            }
            s.Validate();
            return s;
        }

        public void Validate()
        {
            if (string.IsNullOrEmpty(Token) || Token.Length < 16)
                throw new ArgumentException("Token must be set and at least 16 characters long");
            if (Accounts.Count == 0) throw new ArgumentException("Accounts must name at least one account (or *)");
            if (string.IsNullOrEmpty(DataDirectory)) throw new ArgumentException("DataDirectory must be set");
            if (Listens)
            {
                Uri prefix;
                if (!Uri.TryCreate(ListenPrefix, UriKind.Absolute, out prefix) || !ListenPrefix.EndsWith("/"))
                    throw new ArgumentException("ListenPrefix must be an http(s) URL ending in /, e.g. http://127.0.0.1:8181/");
                bool loopback = prefix.Host == "127.0.0.1" || prefix.Host == "localhost" || prefix.Host == "[::1]";
                if (!loopback && prefix.Scheme != "https" && !AllowRemoteListen)
                    throw new ArgumentException("ListenPrefix must be on 127.0.0.1 unless it is https (or AllowRemoteListen=true, behind a TLS proxy)");
            }
            if (DialsOut && !Uri.IsWellFormedUriString(GatewayWsUrl ?? "", UriKind.Absolute))
                throw new ArgumentException("GatewayWsUrl must be set for Mode " + Mode + ", e.g. wss://gateway.example.com/bridge/ninjatrader/ws");
            if (!string.IsNullOrEmpty(GatewayUrl) && !Uri.IsWellFormedUriString(GatewayUrl, UriKind.Absolute))
                throw new ArgumentException("GatewayUrl must be an absolute URL, e.g. http://127.0.0.1:8080");
        }

        /// <summary>One line for the log; the token appears only as its length.</summary>
        public string Describe()
        {
            return "mode=" + Mode + (Listens ? " listen=" + ListenPrefix : "") + (DialsOut ? " gatewayWs=" + GatewayWsUrl : "")
                + " gateway=" + (GatewayUrl ?? "(none)") + " accounts=" + string.Join(",", Accounts) + " maxQuantity=" + MaxQuantity
                + " token=(" + Token.Length + " characters)";
        }

        public static BridgeSettings LoadOrCreate(string file, string dataDirectory)
        {
            if (!File.Exists(file))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file));
                File.WriteAllText(file, Template(NewToken()), Encoding.UTF8);
                BridgeLog.Info("wrote default settings with a new random token to " + file);
            }
            var pairs = new Dictionary<string, string>();
            foreach (string raw in File.ReadAllLines(file))
            {
                string line = raw.Trim();
                if (line.Length == 0 || line.StartsWith("#")) continue;
                int eq = line.IndexOf('=');
                if (eq <= 0) throw new ArgumentException("settings line without '=': " + line.Split(' ')[0]);
                pairs[line.Substring(0, eq).Trim()] = line.Substring(eq + 1);
            }
            return FromPairs(pairs, dataDirectory);
        }

        public static string NewToken()
        {
            var bytes = new byte[24];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
            return string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }

        private static string Template(string token)
        {
            return "# copygate NinjaTrader bridge settings. Restart NinjaTrader (or recompile with F5) after editing.\n"
                + "# Mode: Listen (gateway calls ListenPrefix), DialOut (add-on connects to GatewayWsUrl), or Both.\n"
                + "Mode=Listen\nListenPrefix=http://127.0.0.1:8181/\n"
                + "# Shared secret: put the same value in the gateway. Keep it private.\nToken=" + token + "\n"
                + "# Accounts the gateway may trade and whose orders/fills are published (comma separated, * = all).\nAccounts=Sim101\n"
                + "# Where order and fill events are POSTed in Listen mode (leave empty to only queue them).\nGatewayUrl=\n"
                + "GatewayWsUrl=\nMaxQuantity=100\nAckTimeoutMs=3000\nPublishEvents=true\n";
        }

        private static BridgeMode ParseMode(string v)
        {
            BridgeMode m;
            if (!Enum.TryParse(v, true, out m) || !Enum.IsDefined(typeof(BridgeMode), m)) throw new ArgumentException("Mode must be Listen, DialOut or Both");
            return m;
        }

        private static int Int(string key, string v, int min, int max)
        {
            int n;
            if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out n) || n < min || n > max)
                throw new ArgumentException(key + " must be a whole number from " + min + " to " + max);
            return n;
        }

        private static bool Bool(string key, string v)
        {
            bool b;
            if (!bool.TryParse(v, out b)) throw new ArgumentException(key + " must be true or false");
            return b;
        }
    }
}
