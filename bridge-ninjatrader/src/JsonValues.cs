// copygate NinjaTrader bridge: JSON value types.
// NinjaTrader ships no JSON library we may rely on (Json.NET is not guaranteed and
// System.Web.Script.Serialization is not referenced by NinjaScript by default), so the
// bridge carries its own small codec. A parsed document is made of:
//   JsonObject, List<object> (arrays), string, JsonNumber, bool and null.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    /// <summary>A JSON number kept as its source text, so quantities can be checked for
    /// integrality and prices converted exactly once, with the invariant culture.</summary>
    public sealed class JsonNumber
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
        private readonly string text;

        public JsonNumber(string text) { this.text = text; }

        public string Text { get { return text; } }

        /// <summary>Nearest double; +/-Infinity when out of range (callers reject non-finite).</summary>
        public double ToDouble()
        {
            try { return double.Parse(text, NumberStyles.Float, Inv); }
            catch (OverflowException) { return text.StartsWith("-") ? double.NegativeInfinity : double.PositiveInfinity; }
        }

        /// <summary>True when the number is a whole number that fits a long ("2", "2.0", "2e0").</summary>
        public bool TryGetWholeNumber(out long value)
        {
            value = 0;
            decimal d;
            if (!decimal.TryParse(text, NumberStyles.Float, Inv, out d)) return false;
            if (d != decimal.Truncate(d) || d > long.MaxValue || d < long.MinValue) return false;
            value = (long)d;
            return true;
        }

        public override string ToString() { return text; }
    }

    /// <summary>A JSON object that keeps insertion order (responses read in a stable order).</summary>
    public sealed class JsonObject : IEnumerable<KeyValuePair<string, object>>
    {
        private readonly List<KeyValuePair<string, object>> members = new List<KeyValuePair<string, object>>();
        private readonly Dictionary<string, int> index = new Dictionary<string, int>(StringComparer.Ordinal);

        public int Count { get { return members.Count; } }

        /// <summary>Adds or replaces a member; returns this so responses read as one expression.</summary>
        public JsonObject Set(string key, object value)
        {
            int at;
            if (index.TryGetValue(key, out at)) members[at] = new KeyValuePair<string, object>(key, value);
            else { index[key] = members.Count; members.Add(new KeyValuePair<string, object>(key, value)); }
            return this;
        }

        public bool Has(string key) { return index.ContainsKey(key); }

        /// <summary>The member's value, or null when absent (use Has to tell absent from null).</summary>
        public object Get(string key)
        {
            int at;
            return index.TryGetValue(key, out at) ? members[at].Value : null;
        }

        public string GetString(string key) { return Get(key) as string; }

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator() { return members.GetEnumerator(); }
        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
    }

    public sealed class JsonException : Exception
    {
        public JsonException(string message) : base(message) { }
    }
}
