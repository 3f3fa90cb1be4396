// copygate NinjaTrader bridge: strict JSON reader (RFC 8259).
// Strict on purpose: an order body that a lenient parser would "fix" (trailing commas,
// duplicate keys such as {"quantity":1,"quantity":100}) is rejected instead of guessed at.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public static class JsonReader
    {
        private const int MaxDepth = 64;

        /// <summary>Parses one JSON document; throws JsonException with a short reason.</summary>
        public static object Parse(string text)
        {
            if (text == null) throw new JsonException("empty body");
            var p = new Cursor(text);
            if (p.Pos < text.Length && text[p.Pos] == '\uFEFF') p.Pos++;
            p.SkipSpace();
            if (p.AtEnd) throw new JsonException("empty body");
            object value = ReadValue(p, 0);
            p.SkipSpace();
            if (!p.AtEnd) throw p.Error("unexpected text after the JSON value");
            return value;
        }

        private sealed class Cursor
        {
            public readonly string S;
            public int Pos;
            public Cursor(string s) { S = s; }
            public bool AtEnd { get { return Pos >= S.Length; } }
            public char Peek { get { return S[Pos]; } }
            public void SkipSpace()
            {
                while (Pos < S.Length && (S[Pos] == ' ' || S[Pos] == '\t' || S[Pos] == '\n' || S[Pos] == '\r')) Pos++;
            }
            public JsonException Error(string what)
            {
                return new JsonException(what + " at offset " + Pos.ToString(CultureInfo.InvariantCulture));
            }
        }

        private static object ReadValue(Cursor p, int depth)
        {
            if (depth > MaxDepth) throw p.Error("nesting too deep");
            if (p.AtEnd) throw p.Error("unexpected end of input");
            char c = p.Peek;
            if (c == '{') return ReadObject(p, depth + 1);
            if (c == '[') return ReadArray(p, depth + 1);
            if (c == '"') return ReadString(p);
            if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber(p);
            if (Literal(p, "true")) return true;
            if (Literal(p, "false")) return false;
            if (Literal(p, "null")) return null;
            throw p.Error("unexpected character '" + c + "'");
        }

        private static bool Literal(Cursor p, string word)
        {
            if (string.CompareOrdinal(p.S, p.Pos, word, 0, word.Length) != 0) return false;
            p.Pos += word.Length;
            return true;
        }

        private static JsonObject ReadObject(Cursor p, int depth)
        {
            var obj = new JsonObject();
            p.Pos++; // '{'
            p.SkipSpace();
            if (!p.AtEnd && p.Peek == '}') { p.Pos++; return obj; }
            while (true)
            {
                p.SkipSpace();
                if (p.AtEnd || p.Peek != '"') throw p.Error("expected a member name");
                string key = ReadString(p);
                if (obj.Has(key)) throw p.Error("duplicate member \"" + key + "\"");
                p.SkipSpace();
                if (p.AtEnd || p.Peek != ':') throw p.Error("expected ':'");
                p.Pos++;
                p.SkipSpace();
                obj.Set(key, ReadValue(p, depth));
                p.SkipSpace();
                if (p.AtEnd) throw p.Error("unexpected end of input");
                if (p.Peek == ',') { p.Pos++; continue; }
                if (p.Peek == '}') { p.Pos++; return obj; }
                throw p.Error("expected ',' or '}'");
            }
        }

        private static List<object> ReadArray(Cursor p, int depth)
        {
            var list = new List<object>();
            p.Pos++; // '['
            p.SkipSpace();
            if (!p.AtEnd && p.Peek == ']') { p.Pos++; return list; }
            while (true)
            {
                p.SkipSpace();
                list.Add(ReadValue(p, depth));
                p.SkipSpace();
                if (p.AtEnd) throw p.Error("unexpected end of input");
                if (p.Peek == ',') { p.Pos++; continue; }
                if (p.Peek == ']') { p.Pos++; return list; }
                throw p.Error("expected ',' or ']'");
            }
        }

        private static string ReadString(Cursor p)
        {
            p.Pos++; // opening quote
            var sb = new StringBuilder();
            while (true)
            {
                if (p.AtEnd) throw p.Error("unterminated string");
                char c = p.S[p.Pos++];
                if (c == '"') return sb.ToString();
                if (c < 0x20) throw p.Error("control character in string");
                if (c != '\\') { sb.Append(c); continue; }
                if (p.AtEnd) throw p.Error("unterminated escape");
                char e = p.S[p.Pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u': sb.Append(ReadHex4(p)); break;
                    default: throw p.Error("invalid escape '\\" + e + "'");
                }
            }
        }

        private static char ReadHex4(Cursor p)
        {
            if (p.Pos + 4 > p.S.Length) throw p.Error("short \\u escape");
            int v;
            if (!int.TryParse(p.S.Substring(p.Pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out v))
                throw p.Error("invalid \\u escape");
            p.Pos += 4;
            return (char)v; // surrogate pairs arrive as two escapes and combine in the string
        }

        private static JsonNumber ReadNumber(Cursor p)
        {
            int start = p.Pos;
            string s = p.S;
            if (s[p.Pos] == '-') p.Pos++;
            if (p.AtEnd) throw p.Error("invalid number");
            if (s[p.Pos] == '0') p.Pos++;
            else if (s[p.Pos] >= '1' && s[p.Pos] <= '9') Digits(p);
            else throw p.Error("invalid number");
            if (!p.AtEnd && s[p.Pos] == '.')
            {
                p.Pos++;
                if (Digits(p) == 0) throw p.Error("invalid number");
            }
            if (!p.AtEnd && (s[p.Pos] == 'e' || s[p.Pos] == 'E'))
            {
                p.Pos++;
                if (!p.AtEnd && (s[p.Pos] == '+' || s[p.Pos] == '-')) p.Pos++;
                if (Digits(p) == 0) throw p.Error("invalid number");
            }
            return new JsonNumber(s.Substring(start, p.Pos - start));
        }

        private static int Digits(Cursor p)
        {
            int n = 0;
            while (!p.AtEnd && p.Peek >= '0' && p.Peek <= '9') { p.Pos++; n++; }
            return n;
        }
    }
}
