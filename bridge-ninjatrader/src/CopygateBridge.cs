// copygate NinjaTrader bridge: everything started and stopped together, per the Mode setting.
//   Listen  - HTTP receiver on ListenPrefix; events POSTed to GatewayUrl.
//   DialOut - WebSocket to GatewayWsUrl carries commands and events.
//   Both    - both; events go over the WebSocket while it is up, else over HTTP.
using System;
using System.Collections.Generic;
using System.Linq;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class CopygateBridge : IDisposable
    {
        public const string Version = "1.0.0";
        private readonly BridgeSettings settings;
        private BridgeCore core;
        private EventPublisher publisher;
        private HttpReceiver receiver;
        private DialOutLink link;

        public CopygateBridge(BridgeSettings settings) { this.settings = settings; }

        public BridgeCore Core { get { return core; } }

        /// <summary>Throws when it cannot start (e.g. the listen port is taken); Dispose then cleans up.</summary>
        public void Start()
        {
            settings.Validate();
            var token = new BearerToken(settings.Token);
            BridgeLog.Info("starting copygate bridge " + Version + ": " + settings.Describe());
            core = new BridgeCore(settings);
            var sinks = new List<IEventSink>();
            RequestHandler handler = core.CreateHandler(Health);
            if (settings.DialsOut)
            {
                link = new DialOutLink(settings.GatewayWsUrl, token, handler, () => { if (publisher != null) publisher.Wake(); });
                sinks.Add(link);
            }
            if (!string.IsNullOrEmpty(settings.GatewayUrl)) sinks.Add(new GatewayHttpSink(settings.GatewayUrl, token));
            if (settings.PublishEvents)
            {
                if (sinks.Count == 0) BridgeLog.Warn("no GatewayUrl or GatewayWsUrl: events are only queued in " + settings.QueueFile);
                publisher = new EventPublisher(new EventQueue(settings.QueueFile), new EventFactory(core.Registry), sinks);
                core.Accounts.AddListener(publisher);
            }
            core.Start();
            if (publisher != null) publisher.Start();
            if (settings.Listens)
            {
                receiver = new HttpReceiver(settings.ListenPrefix, token, handler);
                receiver.Start();
            }
            if (link != null) link.Start();
        }

        public JsonObject Health()
        {
            return new JsonObject()
                .Set("status", "ok")
                .Set("version", Version)
                .Set("mode", settings.Mode.ToString())
                .Set("accounts", core.Accounts.EnabledAccounts().Select(a => a.Name).ToList())
                .Set("listening", receiver == null ? null : receiver.Prefix)
                .Set("dialOut", link == null ? "off" : link.Status)
                .Set("pendingEvents", publisher == null ? 0 : publisher.Pending);
        }

        public void Dispose()
        {
            // Transports first so no new command arrives while the rest shuts down.
            if (link != null) link.Dispose();
            if (receiver != null) receiver.Dispose();
            if (core != null) core.Dispose();
            if (publisher != null) publisher.Dispose();
            BridgeLog.Info("copygate bridge stopped");
        }
    }
}
