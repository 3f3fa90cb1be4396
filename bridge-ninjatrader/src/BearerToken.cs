// copygate NinjaTrader bridge: the shared bearer token. Compared in constant time so response
// timing does not reveal how much of a guess was right; never printed (ToString is masked).
using System;
using System.Text;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class BearerToken
    {
        private readonly byte[] expected;
        private readonly string value;

        public BearerToken(string token)
        {
            if (string.IsNullOrEmpty(token)) throw new ArgumentException("token must be set");
            value = token;
            expected = Encoding.UTF8.GetBytes("Bearer " + token);
            BridgeLog.SetSecret(token);
        }

        /// <summary>For the outgoing Authorization header only.</summary>
        public string HeaderValue { get { return "Bearer " + value; } }

        public bool Matches(string authorizationHeader)
        {
            if (authorizationHeader == null) return false;
            byte[] given = Encoding.UTF8.GetBytes(authorizationHeader.Trim());
            int diff = given.Length ^ expected.Length;
            for (int i = 0; i < expected.Length; i++) diff |= expected[i] ^ (i < given.Length ? given[i] : 0);
            return diff == 0;
        }

        public override string ToString() { return "(token, " + value.Length + " characters)"; }
    }
}
