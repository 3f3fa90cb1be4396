// copygate NinjaTrader bridge: a refused request and the readers that produce one.
// Status rules (the gateway relies on them):
//   400 the body is not JSON, a required field is missing, a field has the wrong JSON type,
//       or a field the contract does not know is present (a typo must never drop a bracket);
//   401 missing/wrong bearer token; 404 unknown order or endpoint; 405 wrong method;
//   409 the request conflicts with what already exists (id reused, order already final);
//   422 well-formed but not acceptable (value out of range, unknown account or instrument,
//       NinjaTrader rejected the order).
using System;
using System.Collections.Generic;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class BridgeError : Exception
    {
        public BridgeError(int status, string message, string field) : base(message)
        {
            Status = status;
            Field = field;
        }

        public int Status { get; private set; }
        public string Field { get; private set; }

        /// <summary>Optional order the error is about (e.g. the rejected order), sent as "order".</summary>
        public JsonObject Order { get; set; }

        public JsonObject ToJson()
        {
            var body = new JsonObject().Set("error", Message).Set("field", Field);
            if (Order != null) body.Set("order", Order);
            return body;
        }

        public static BridgeError Malformed(string field, string message) { return new BridgeError(400, message, field); }
        public static BridgeError Unacceptable(string field, string message) { return new BridgeError(422, message, field); }
        public static BridgeError Conflict(string field, string message) { return new BridgeError(409, message, field); }
    }

    /// <summary>Typed access to request members, raising 400/422 errors that name the field.</summary>
    public static class RequestFields
    {
        public static void AllowOnly(JsonObject body, params string[] known)
        {
            var allowed = new HashSet<string>(known, StringComparer.Ordinal);
            foreach (KeyValuePair<string, object> m in body)
                if (!allowed.Contains(m.Key)) throw BridgeError.Malformed(m.Key, "unknown field \"" + m.Key + "\"");
        }

        public static string RequiredString(JsonObject body, string field)
        {
            string s = OptionalString(body, field);
            if (s == null) throw BridgeError.Malformed(field, field + " is required");
            return s;
        }

        /// <summary>Null when absent or JSON null; 400 when present with another type.</summary>
        public static string OptionalString(JsonObject body, string field)
        {
            object v = body.Get(field);
            if (v == null) return null;
            var s = v as string;
            if (s == null) throw BridgeError.Malformed(field, field + " must be a string");
            if (s.Trim().Length == 0) throw BridgeError.Unacceptable(field, field + " must not be empty");
            return s;
        }

        public static JsonNumber OptionalNumber(JsonObject body, string field)
        {
            object v = body.Get(field);
            if (v == null) return null;
            var n = v as JsonNumber;
            if (n == null) throw BridgeError.Malformed(field, field + " must be a number");
            return n;
        }

        /// <summary>A whole quantity in 1..max; fractions, zero, negatives and oversize are 422.</summary>
        public static int Quantity(JsonNumber n, string field, int max)
        {
            long q;
            if (!n.TryGetWholeNumber(out q)) throw BridgeError.Unacceptable(field, field + " must be a whole number of contracts");
            if (q < 1) throw BridgeError.Unacceptable(field, field + " must be at least 1");
            if (q > max) throw BridgeError.Unacceptable(field, field + " " + q + " is above the add-on's maximum of " + max);
            return (int)q;
        }

        /// <summary>A finite price above zero, or null when absent.</summary>
        public static double? Price(JsonObject body, string field)
        {
            JsonNumber n = OptionalNumber(body, field);
            if (n == null) return null;
            double d = n.ToDouble();
            if (double.IsNaN(d) || double.IsInfinity(d) || d <= 0) throw BridgeError.Unacceptable(field, field + " must be a price above zero");
            return d;
        }
    }
}
