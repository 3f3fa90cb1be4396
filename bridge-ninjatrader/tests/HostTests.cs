// The host executable as the gateway's Java tests will use it: a separate process, READY on
// stdout, the add-on's contract plus /_stub/ controls on one port, clean exit on SIGTERM or
// when stdin closes.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using NinjaTrader.NinjaScript.AddOns.Copygate;

namespace Copygate.Tests
{
    public class HostTests : IDisposable
    {
        private const string Token = "host-test-token-8c1f02d7b9";
        private readonly int port = Ports.Free();
        private readonly string dir = Path.Combine(Path.GetTempPath(), "copygate-host-test-" + Guid.NewGuid().ToString("N"));
        private readonly HttpClient http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        private Process host;

        private string Prefix { get { return "http://127.0.0.1:" + port + "/"; } }

        private string Start(params string[] extra)
        {
            string exe = Path.Combine(Path.GetDirectoryName(typeof(HostTests).Assembly.Location), "CopygateBridgeHost.exe");
            string args = "\"" + exe + "\" --prefix " + Prefix + " --token " + Token + " --accounts Sim101,Sim102 --price ES=5000 --queue-file \""
                + Path.Combine(dir, "events.jsonl") + "\" " + string.Join(" ", extra);
            host = Process.Start(new ProcessStartInfo("mono", args)
            {
                UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            });
            host.ErrorDataReceived += (s, e) => { };
            host.BeginErrorReadLine();
            return host.StandardOutput.ReadLine();
        }

        private Reply Call(string method, string path, string body, string token = Token)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), Prefix.TrimEnd('/') + path);
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            if (body != null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            HttpResponseMessage response = http.SendAsync(request).Result;
            return new Reply(new BridgeResponse((int)response.StatusCode, JsonReader.Parse(response.Content.ReadAsStringAsync().Result)));
        }

        public void Dispose()
        {
            if (host != null && !host.HasExited) { host.Kill(); host.WaitForExit(5000); }
            http.Dispose();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }

        [Test]
        public void ServesTheContractAndTheStubControls()
        {
            using (FakeGateway gw = new FakeGateway().Start())
            {
                Assert.Equal("READY " + Prefix, Start("--gateway-url", gw.Url));
                Assert.Equal(401, Call("POST", "/_stub/price", "{\"instrument\":\"ES\",\"price\":4999}", "wrong-token").Status, "controls need the token");

                // NinjaTrader as a master: a trader's order in Sim102 is published with no clientOrderId.
                Reply manual = Call("POST", "/_stub/orders", "{\"account\":\"Sim102\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":2,\"orderType\":\"limit\",\"limitPrice\":4995}");
                Assert.Equal(200, manual.Status, manual.ToString());
                Assert.Equal("working", manual.Str("state"));
                Assert.Equal(200, Call("POST", "/_stub/price", "{\"instrument\":\"ES 12-25\",\"price\":4995}").Status);
                Assert.Eventually(() => gw.Events.Any(e => e.GetString("type") == "execution" && e.GetString("account") == "Sim102"), "master fill published");
                Assert.Null(gw.Events.First(e => e.GetString("account") == "Sim102").Get("clientOrderId"), "trader's order");

                // A follower order, partly filled through the stub.
                Assert.Equal(200, Call("POST", "/orders", "{\"clientOrderId\":\"h-1\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":3,\"orderType\":\"limit\",\"limitPrice\":4990}").Status);
                Reply part = Call("POST", "/_stub/fill", "{\"account\":\"Sim101\",\"name\":\"h-1\",\"quantity\":1}");
                Assert.Equal("partFilled", part.Str("state"));
                Assert.Equal(1, Call("GET", "/orders/h-1", null).Int("filled"));
                Assert.Eventually(() => gw.Events.Any(e => e.GetString("clientOrderId") == "h-1" && e.GetString("type") == "execution"), "follower fill flows back");

                Assert.Equal(200, Call("POST", "/_stub/reject-next", "{\"account\":\"Sim101\",\"reason\":\"Order rejected: max position\"}").Status);
                Reply rejected = Call("POST", "/orders", "{\"clientOrderId\":\"h-2\",\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"market\"}");
                Assert.Equal(422, rejected.Status);
                Assert.True(rejected.Str("error").Contains("max position"), rejected.Str("error"));

                Assert.Equal(404, Call("POST", "/_stub/nothing", "{}").Status);
            }
        }

        [Test]
        public void TraderChangesAndCancelsThroughTheStub()
        {
            Start();
            Reply placed = Call("POST", "/_stub/orders", "{\"account\":\"Sim101\",\"instrument\":\"ES 12-25\",\"action\":\"sell\",\"quantity\":1,\"orderType\":\"stopMarket\",\"stopPrice\":4990,\"name\":\"Stop1\"}");
            string orderId = placed.Str("orderId");
            Reply moved = Call("POST", "/_stub/change", "{\"account\":\"Sim101\",\"orderId\":\"" + orderId + "\",\"stopPrice\":4992.5}");
            Assert.Equal(4992.5, moved.Num("stopPrice"));
            Reply cancelled = Call("POST", "/_stub/cancel", "{\"account\":\"Sim101\",\"orderId\":\"" + orderId + "\"}");
            Assert.Equal("cancelled", cancelled.Str("state"));
        }

        [Test]
        public void StopsCleanlyWhenStdinCloses()
        {
            Assert.Equal("READY " + Prefix, Start());
            host.StandardInput.Close();
            Assert.True(host.WaitForExit(10000), "exited");
            Assert.Equal(0, host.ExitCode);
        }

        [Test]
        public void StopsCleanlyOnSigterm()
        {
            Assert.Equal("READY " + Prefix, Start());
            Mono.Unix.Native.Syscall.kill(host.Id, Mono.Unix.Native.Signum.SIGTERM);
            Assert.True(host.WaitForExit(10000), "exited");
            Assert.Equal(0, host.ExitCode);
        }

        [Test]
        public void BadArgumentsFailWithAReason()
        {
            string exe = Path.Combine(Path.GetDirectoryName(typeof(HostTests).Assembly.Location), "CopygateBridgeHost.exe");
            host = Process.Start(new ProcessStartInfo("mono", "\"" + exe + "\" --prefix " + Prefix + " --token short")
                { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true });
            string line = host.StandardOutput.ReadLine();
            Assert.True(host.WaitForExit(10000), "exited");
            Assert.True(line.StartsWith("FAILED") && line.Contains("Token"), line);
            Assert.Equal(2, host.ExitCode);
        }
    }
}
