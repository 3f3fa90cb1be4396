// CopygateBridgeHost: runs the real NinjaTrader add-on (CopygateBridgeAddOn) over the stubbed
// NinjaTrader API so the gateway's Java tests can talk to it like to NinjaTrader on a trader's PC.
// stdout carries only "READY <prefix>" (or "FAILED <reason>"); the add-on's log goes to stderr.
using System;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using Mono.Unix;
using Mono.Unix.Native;
using NinjaTrader.NinjaScript;
using NinjaTrader.NinjaScript.AddOns;
using NinjaTrader.NinjaScript.AddOns.Copygate;
using NinjaTrader.Stub;

namespace Copygate.Host
{
    public static class HostMain
    {
        private static readonly ManualResetEvent stop = new ManualResetEvent(false);

        public static int Main(string[] args)
        {
            HostOptions options;
            try { options = HostOptions.Parse(args); }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(HostOptions.Usage);
                Console.WriteLine("FAILED " + e.Message);
                return 2;
            }
            NinjaTrader.Code.Output.EchoToConsole = true;
            foreach (string name in options.Settings.Accounts) if (name != "*") SimEngine.AddAccount(name);
            foreach (string name in options.StubAccounts) SimEngine.AddAccount(name);
            foreach (var p in options.Prices) SimEngine.SetPrice(p.Key, p.Value);

            var addOn = new CopygateBridgeAddOn { SettingsOverride = options.Settings };
            ScriptRunner.MoveTo(addOn, State.SetDefaults);
            ScriptRunner.MoveTo(addOn, State.Active);
            if (addOn.Bridge == null)
            {
                Console.WriteLine("FAILED the add-on did not start; see stderr");
                return 1;
            }
            var control = new HttpListener();
            try
            {
                control.Prefixes.Add(options.Prefix + "_stub/");
                control.Start();
            }
            catch (Exception e)
            {
                Console.WriteLine("FAILED control surface: " + e.Message);
                ScriptRunner.MoveTo(addOn, State.Terminated);
                return 1;
            }
            new Thread(() => ServeControl(control, new BearerToken(options.Settings.Token))) { IsBackground = true }.Start();
            WatchSignals();
            if (!options.IgnoreStdin) WatchStdin();

            Console.WriteLine("READY " + options.Prefix);
            Console.Out.Flush();
            stop.WaitOne();

            control.Close();
            ScriptRunner.MoveTo(addOn, State.Terminated);
            Console.Out.Flush();
            Console.Error.Flush();
            // Everything is stopped and on disk; Mono's own shutdown would still spend ~2 s
            // suspending idle runtime threads, which slows every test that stops a host.
            Syscall.exit(0);
            return 0;
        }

        private static void ServeControl(HttpListener control, BearerToken token)
        {
            while (true)
            {
                HttpListenerContext c;
                try { c = control.GetContext(); } catch (Exception) { return; }
                ThreadPool.QueueUserWorkItem(delegate
                {
                    BridgeResponse r;
                    if (!token.Matches(c.Request.Headers["Authorization"]))
                        r = new BridgeResponse(401, new JsonObject().Set("error", "missing or wrong bearer token").Set("field", null));
                    else
                        r = StubControl.Handle(c.Request.HttpMethod, c.Request.Url.AbsolutePath,
                            new StreamReader(c.Request.InputStream, Encoding.UTF8).ReadToEnd());
                    try
                    {
                        byte[] bytes = Encoding.UTF8.GetBytes(JsonWriter.Write(r.Body));
                        c.Response.StatusCode = r.Status;
                        c.Response.ContentType = "application/json; charset=utf-8";
                        c.Response.OutputStream.Write(bytes, 0, bytes.Length);
                        c.Response.Close();
                    }
                    catch (Exception) { }
                });
            }
        }

        private static void WatchSignals()
        {
            var signals = new[] { new UnixSignal(Signum.SIGTERM), new UnixSignal(Signum.SIGINT) };
            new Thread(() =>
            {
                UnixSignal.WaitAny(signals);
                stop.Set();
            }) { IsBackground = true }.Start();
        }

        private static void WatchStdin()
        {
            new Thread(() =>
            {
                try { while (Console.In.Read() >= 0) { } }
                catch (Exception) { }
                stop.Set();
            }) { IsBackground = true }.Start();
        }
    }
}
