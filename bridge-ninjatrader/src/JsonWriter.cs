// copygate NinjaTrader bridge: JSON writer.
// Prices are doubles in NinjaTrader's API; they are written in the shortest text that
// parses back to the same double (invariant culture), so 5001.25 stays "5001.25" and the
// gateway can read it as an exact decimal.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public static class JsonWriter
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        public static string Write(object value)
        {
            var sb = new StringBuilder();
            WriteValue(sb, value);
            return sb.ToString();
        }

        /// <summary>Shortest round-trip text of a double; "null" for NaN/Infinity (not JSON).</summary>
        public static string FormatDouble(double d)
        {
            if (double.IsNaN(d) || double.IsInfinity(d)) return "null";
            string r = d.ToString("R", Inv);
            // .NET Framework's "R" does not always round-trip on 64-bit; G17 always does.
            if (double.Parse(r, NumberStyles.Float, Inv) != d) r = d.ToString("G17", Inv);
            return r;
        }

        private static void WriteValue(StringBuilder sb, object value)
        {
            if (value == null) { sb.Append("null"); return; }
            var s = value as string;
            if (s != null) { WriteString(sb, s); return; }
            if (value is bool) { sb.Append((bool)value ? "true" : "false"); return; }
            if (value is int) { sb.Append(((int)value).ToString(Inv)); return; }
            if (value is long) { sb.Append(((long)value).ToString(Inv)); return; }
            if (value is double) { sb.Append(FormatDouble((double)value)); return; }
            if (value is decimal) { sb.Append(((decimal)value).ToString(Inv)); return; }
            var n = value as JsonNumber;
            if (n != null) { sb.Append(n.Text); return; }
            var o = value as JsonObject;
            if (o != null) { WriteObject(sb, o); return; }
            var e = value as IEnumerable;
            if (e != null) { WriteArray(sb, e); return; }
            throw new ArgumentException("cannot write " + value.GetType().Name + " as JSON");
        }

        private static void WriteObject(StringBuilder sb, JsonObject o)
        {
            sb.Append('{');
            bool first = true;
            foreach (KeyValuePair<string, object> m in o)
            {
                if (!first) sb.Append(',');
                first = false;
                WriteString(sb, m.Key);
                sb.Append(':');
                WriteValue(sb, m.Value);
            }
            sb.Append('}');
        }

        private static void WriteArray(StringBuilder sb, IEnumerable items)
        {
            sb.Append('[');
            bool first = true;
            foreach (object item in items)
            {
                if (!first) sb.Append(',');
                first = false;
                WriteValue(sb, item);
            }
            sb.Append(']');
        }

        private static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        // Control characters and the JavaScript line separators are escaped so a
                        // line in the event queue file can never be split by a value.
                        if (c < 0x20 || c == '\u2028' || c == '\u2029')
                            sb.Append("\\u").Append(((int)c).ToString("x4", Inv));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }
    }
}
