// Every refused request answers a JSON error naming the field, with the documented status,
// and places nothing in any account.
using System;
using System.Collections.Generic;

namespace Copygate.Tests
{
    public class BadInputTests : CoreFixture
    {
        private const string Base = "\"clientOrderId\":\"bad-1\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":1";

        private void Refused(string body, int status, string field)
        {
            Reply r = Post("/orders", body);
            Assert.Equal(status, r.Status, "status for " + body + " -> " + r);
            Assert.Equal(field, r.Str("field"), "field for " + body);
            Assert.True(!string.IsNullOrEmpty(r.Str("error")), "error text for " + body);
            Assert.Equal(0, CountOrders(), "orders placed after " + body);
        }

        [Test]
        public void MalformedBodiesAre400()
        {
            Refused("", 400, null);
            Refused("{", 400, null);
            Refused("[]", 400, null);
            Refused("\"x\"", 400, null);
            Refused("{" + Base + ",\"quantity\":3,\"orderType\":\"market\"}", 400, null); // duplicate member
            Refused("{" + Base + ",\"orderType\":\"market\",}", 400, null);
        }

        [Test]
        public void MissingOrMistypedFieldsAre400()
        {
            Refused("{\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"market\"}", 400, "clientOrderId");
            Refused("{\"clientOrderId\":\"bad-1\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"market\"}", 400, "account");
            Refused("{\"clientOrderId\":\"bad-1\",\"account\":\"Sim101\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"market\"}", 400, "instrument");
            Refused("{\"clientOrderId\":\"bad-1\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"quantity\":1,\"orderType\":\"market\"}", 400, "action");
            Refused("{\"clientOrderId\":\"bad-1\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"orderType\":\"market\"}", 400, "quantity");
            Refused("{" + Base + "}", 400, "orderType");
            Refused("{\"clientOrderId\":7,\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"market\"}", 400, "clientOrderId");
            Refused("{\"clientOrderId\":\"bad-1\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":\"1\",\"orderType\":\"market\"}", 400, "quantity");
            Refused("{" + Base + ",\"orderType\":\"limit\"}", 400, "limitPrice");
            Refused("{" + Base + ",\"orderType\":\"stopMarket\"}", 400, "stopPrice");
            Refused("{" + Base + ",\"orderType\":\"limit\",\"limitPrice\":\"5000\"}", 400, "limitPrice");
            Refused("{" + Base + ",\"orderType\":\"market\",\"stoploss\":4990}", 400, "stoploss"); // a typo must not drop the bracket
        }

        [Test]
        public void UnacceptableValuesAre422()
        {
            Refused("{\"clientOrderId\":\"this-id-is-far-too-long-for-the-bridge\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"market\"}", 422, "clientOrderId");
            Refused("{\"clientOrderId\":\"bad id\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"market\"}", 422, "clientOrderId");
            Refused("{\"clientOrderId\":\"bad-1\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"hold\",\"quantity\":1,\"orderType\":\"market\"}", 422, "action");
            foreach (string q in new[] { "0", "-1", "1.5", "101", "1e9", "99999999999999999999999" })
                Refused("{\"clientOrderId\":\"bad-1\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":" + q + ",\"orderType\":\"market\"}", 422, "quantity");
            Refused("{" + Base + ",\"orderType\":\"stop\"}", 422, "orderType");
            Refused("{" + Base + ",\"orderType\":\"market\",\"limitPrice\":5000}", 422, "limitPrice");
            Refused("{" + Base + ",\"orderType\":\"limit\",\"limitPrice\":-5}", 422, "limitPrice");
            Refused("{" + Base + ",\"orderType\":\"limit\",\"limitPrice\":0}", 422, "limitPrice");
            Refused("{" + Base + ",\"orderType\":\"limit\",\"limitPrice\":1e999}", 422, "limitPrice");
            Refused("{" + Base + ",\"orderType\":\"limit\",\"limitPrice\":5000.1}", 422, "limitPrice"); // off the 0.25 tick
            Refused("{" + Base + ",\"orderType\":\"market\",\"timeInForce\":\"fok\"}", 422, "timeInForce");
            Refused("{" + Base + ",\"orderType\":\"market\",\"timeInForce\":\"gtd\"}", 422, "timeInForce");
            Refused("{" + Base + ",\"orderType\":\"market\",\"ocoId\":\"a b\"}", 422, "ocoId");
            Refused("{" + Base + ",\"orderType\":\"market\",\"stopLoss\":5010,\"takeProfit\":4990}", 422, "stopLoss");
            Refused("{" + Base + ",\"orderType\":\"limit\",\"limitPrice\":4990,\"stopLoss\":4995}", 422, "stopLoss");
            Refused("{" + Base + ",\"orderType\":\"limit\",\"limitPrice\":4990,\"takeProfit\":4985}", 422, "takeProfit");
            Refused("{" + Base + ",\"orderType\":\"market\",\"stopLoss\":4990.1}", 422, "stopLoss");
        }

        [Test]
        public void UnknownAccountsAndInstrumentsAre422()
        {
            Refused("{\"clientOrderId\":\"bad-1\",\"account\":\"Nope\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"market\"}", 422, "account");
            Refused("{\"clientOrderId\":\"bad-1\",\"account\":\"Live1\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"market\"}", 422, "account");
            Refused("{\"clientOrderId\":\"bad-1\",\"account\":\"Sim101\",\"instrument\":\"ESZ5\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"market\"}", 422, "instrument");
            Refused("{\"clientOrderId\":\"bad-1\",\"account\":\"Sim101\",\"instrument\":\"ZZ 12-25\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"market\"}", 422, "instrument");
        }

        [Test]
        public void RefusedIdsStayFreeForACorrectedRequest()
        {
            Refused("{" + Base + ",\"orderType\":\"limit\",\"limitPrice\":5000.1}", 422, "limitPrice");
            Reply ok = Post("/orders", "{" + Base + ",\"orderType\":\"limit\",\"limitPrice\":4999.75}");
            Assert.Equal(200, ok.Status, ok.ToString());
            Assert.Equal(false, ok.Bool("duplicate"));
            Assert.Equal(1, CountOrders());
        }
    }
}
