using System;
using System.Collections.Generic;
using NinjaTrader.NinjaScript.AddOns.Copygate;

namespace Copygate.Tests
{
    public class JsonTests
    {
        [Test]
        public void ParsesAnOrderBodyWithAllValueKinds()
        {
            var o = (JsonObject)JsonReader.Parse(
                " {\"account\":\"Sim101\",\"quantity\":2,\"limitPrice\":5001.25,\"ok\":true,\"no\":false,\"x\":null,\"legs\":[1,\"a\"]} ");
            Assert.Equal("Sim101", o.GetString("account"));
            Assert.Equal("2", ((JsonNumber)o.Get("quantity")).Text);
            Assert.Equal(5001.25, ((JsonNumber)o.Get("limitPrice")).ToDouble());
            Assert.Equal(true, (bool)o.Get("ok"));
            Assert.Equal(false, (bool)o.Get("no"));
            Assert.True(o.Has("x") && o.Get("x") == null, "explicit null is kept as a present member");
            var legs = (List<object>)o.Get("legs");
            Assert.Equal(2, legs.Count);
            Assert.Equal("a", (string)legs[1]);
        }

        [Test]
        public void DecodesEscapesAndSurrogatePairs()
        {
            var s = (string)JsonReader.Parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\"");
            Assert.Equal("a\"b\\c/d\n\té\U0001F600", s);
        }

        [Test]
        public void RejectsMalformedDocuments()
        {
            string[] bad =
            {
                "", "   ", "{", "}", "{\"a\":1,}", "[1,]", "{'a':1}", "{\"a\" 1}", "{a:1}", "01", "1.", ".5", "-",
                "1e", "+1", "NaN", "Infinity", "tru", "nul", "\"abc", "\"a\nb\"", "\"\\x\"", "\"\\u12\"",
                "{\"a\":1} x", "[1 2]", "{\"quantity\":1,\"quantity\":100}",
            };
            foreach (string text in bad)
                Assert.Throws<JsonException>(() => JsonReader.Parse(text), "parse of <" + text + ">");
        }

        [Test]
        public void RejectsExcessiveNesting()
        {
            string deep = new string('[', 200) + new string(']', 200);
            Assert.Throws<JsonException>(() => JsonReader.Parse(deep), "200 nested arrays");
            string ok = new string('[', 50) + new string(']', 50);
            Assert.NotNull(JsonReader.Parse(ok), "50 nested arrays");
        }

        [Test]
        public void WholeNumberCheckSeparatesQuantitiesFromFractions()
        {
            long v;
            Assert.True(new JsonNumber("3").TryGetWholeNumber(out v) && v == 3, "3 is whole");
            Assert.True(new JsonNumber("3.0").TryGetWholeNumber(out v) && v == 3, "3.0 is whole");
            Assert.True(new JsonNumber("1e2").TryGetWholeNumber(out v) && v == 100, "1e2 is whole");
            Assert.False(new JsonNumber("1.5").TryGetWholeNumber(out v), "1.5 is not whole");
            Assert.False(new JsonNumber("99999999999999999999999").TryGetWholeNumber(out v), "beyond long is refused");
        }

        [Test]
        public void WritesDoublesInShortestRoundTripInvariantForm()
        {
            var saved = System.Threading.Thread.CurrentThread.CurrentCulture;
            try
            {
                // A German PC writes 5001,25 with the current culture; the codec must not.
                System.Threading.Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
                Assert.Equal("5001.25", JsonWriter.FormatDouble(5001.25));
                Assert.Equal("0.1", JsonWriter.FormatDouble(0.1));
                Assert.Equal("4321.75", JsonWriter.FormatDouble(4321.75));
                Assert.Equal("null", JsonWriter.FormatDouble(double.NaN));
                Assert.Equal("null", JsonWriter.FormatDouble(double.PositiveInfinity));
                foreach (double d in new[] { 0.1 + 0.2, 1.0 / 3, 123456789.123456789, 1e-7, 5e300 })
                    Assert.Equal(d, ((JsonNumber)JsonReader.Parse(JsonWriter.FormatDouble(d))).ToDouble(), "round trip of " + d.ToString("G17"));
            }
            finally { System.Threading.Thread.CurrentThread.CurrentCulture = saved; }
        }

        [Test]
        public void WritesObjectsInInsertionOrderWithEscapedStrings()
        {
            var o = new JsonObject().Set("b", 1).Set("a", "x\"y\n\u2028").Set("n", null).Set("l", new List<object> { true, 2L, 1.5 });
            Assert.Equal("{\"b\":1,\"a\":\"x\\\"y\\n\\u2028\",\"n\":null,\"l\":[true,2,1.5]}", JsonWriter.Write(o));
        }

        [Test]
        public void WrittenTextParsesBackToTheSameDocument()
        {
            var o = new JsonObject().Set("event", new JsonObject().Set("price", 5000.25).Set("name", "é\t\u0001"));
            string text = JsonWriter.Write(o);
            Assert.False(text.Contains("\n"), "one line");
            var back = (JsonObject)JsonReader.Parse(text);
            var ev = (JsonObject)back.Get("event");
            Assert.Equal("é\t\u0001", ev.GetString("name"));
            Assert.Equal(5000.25, ((JsonNumber)ev.Get("price")).ToDouble());
        }
    }
}
