// copygate NinjaTrader bridge: dial-out mode. A trader's PC is usually behind NAT, so the add-on
// connects OUT to the gateway (System.Net.WebSockets.ClientWebSocket, bearer token in the
// Authorization header) and carries the same contract over JSON text frames:
//   gateway -> add-on  {"requestId", "method", "path", "body"}   answered by the SAME RequestHandler
//   add-on -> gateway  {"requestId", "status", "body"}
//   add-on -> gateway  {"event": {...}}                          gateway answers {"ack": eventId}
//                                                                (or {"reject": eventId, "error"})
// Reconnects with backoff 1 s doubling to 30 s; the publisher is woken on every reconnect so
// queued events flow again, oldest first.
using System;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Threading;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class DialOutLink : IEventSink, IDisposable
    {
        private const int AckTimeoutMs = 10000;
        private const int MaxMessageBytes = 1024 * 1024;
        private readonly Uri url;
        private readonly BearerToken token;
        private readonly RequestHandler handler;
        private readonly Action onConnected;
        private readonly CancellationTokenSource stop = new CancellationTokenSource();
        private readonly SemaphoreSlim sendLock = new SemaphoreSlim(1, 1);
        private readonly object ackSync = new object();
        private readonly ManualResetEventSlim ackSignal = new ManualResetEventSlim(false);
        private string awaitingAck;
        private Delivery? verdict;
        private string verdictDetail;
        private volatile ClientWebSocket socket;
        private Thread thread;

        public DialOutLink(string gatewayWsUrl, BearerToken token, RequestHandler handler, Action onConnected)
        {
            url = new Uri(gatewayWsUrl);
            this.token = token;
            this.handler = handler;
            this.onConnected = onConnected;
        }

        public string Name { get { return "WebSocket " + url; } }
        public bool IsReady { get { return socket != null; } }
        public string Status { get { return socket != null ? "connected" : "connecting"; } }

        public void Start()
        {
            thread = new Thread(Run) { IsBackground = true, Name = "copygate-dial-out" };
            thread.Start();
        }

        private void Run()
        {
            var backoff = new Backoff();
            while (!stop.IsCancellationRequested)
            {
                using (var ws = new ClientWebSocket())
                {
                    try
                    {
                        ws.Options.SetRequestHeader("Authorization", token.HeaderValue);
                        ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
                        ws.ConnectAsync(url, stop.Token).Wait();
                        socket = ws;
                        backoff.Reset();
                        BridgeLog.Info("dial-out connected to " + url);
                        if (onConnected != null) onConnected();
                        Receive(ws);
                    }
                    catch (Exception e)
                    {
                        if (!stop.IsCancellationRequested) BridgeLog.Warn("dial-out to " + url + ": " + e.GetBaseException().Message);
                    }
                    finally
                    {
                        socket = null;
                        Resolve(null, Delivery.Failed, "connection lost");
                    }
                }
                int delay = backoff.Next();
                if (stop.Token.WaitHandle.WaitOne(delay)) break;
            }
        }

        private void Receive(ClientWebSocket ws)
        {
            var buffer = new byte[16384];
            var message = new MemoryStream();
            while (ws.State == WebSocketState.Open && !stop.IsCancellationRequested)
            {
                WebSocketReceiveResult r = ws.ReceiveAsync(new ArraySegment<byte>(buffer), stop.Token).Result;
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    BridgeLog.Warn("dial-out: the gateway closed the connection (" + r.CloseStatus + " " + r.CloseStatusDescription + ")");
                    return;
                }
                message.Write(buffer, 0, r.Count);
                if (message.Length > MaxMessageBytes) throw new InvalidDataException("a message from the gateway exceeded " + MaxMessageBytes + " bytes");
                if (!r.EndOfMessage) continue;
                byte[] bytes = message.ToArray();
                message.SetLength(0);
                if (r.MessageType == WebSocketMessageType.Text) OnMessage(ws, Encoding.UTF8.GetString(bytes));
            }
        }

        private void OnMessage(ClientWebSocket ws, string text)
        {
            JsonObject msg;
            try { msg = JsonReader.Parse(text) as JsonObject; }
            catch (JsonException e) { BridgeLog.Warn("dial-out: ignored a frame that is not JSON: " + e.Message); return; }
            if (msg == null) { BridgeLog.Warn("dial-out: ignored a frame that is not a JSON object"); return; }
            if (msg.Has("requestId")) ThreadPool.QueueUserWorkItem(delegate { Answer(ws, msg); });
            else if (msg.Has("ack")) Resolve(msg.GetString("ack"), Delivery.Delivered, "ack");
            else if (msg.Has("reject")) Resolve(msg.GetString("reject"), Delivery.Refused, msg.GetString("error") ?? "rejected");
            else BridgeLog.Warn("dial-out: ignored a frame with neither requestId, ack nor reject");
        }

        private void Answer(ClientWebSocket ws, JsonObject command)
        {
            BridgeResponse response;
            var method = command.Get("method") as string;
            var path = command.Get("path") as string;
            if (method == null || path == null || !path.StartsWith("/"))
                response = new BridgeResponse(400, new JsonObject().Set("error", "a command needs a method and a path starting with /").Set("field", method == null ? "method" : "path"));
            else
                response = handler.Handle(BridgeRequest.FromJson(method, path, command.Get("body")));
            Send(ws, new JsonObject().Set("requestId", command.Get("requestId")).Set("status", response.Status).Set("body", response.Body));
        }

        /// <summary>Sends {"event": ev} and waits for the gateway's ack; the publisher's only thread calls this.</summary>
        public Delivery Deliver(JsonObject ev, out string detail)
        {
            ClientWebSocket ws = socket;
            if (ws == null) { detail = "not connected"; return Delivery.Failed; }
            lock (ackSync)
            {
                awaitingAck = ev.GetString("eventId");
                verdict = null;
                ackSignal.Reset();
            }
            if (!Send(ws, new JsonObject().Set("event", ev))) { detail = "send failed"; return Delivery.Failed; }
            ackSignal.Wait(AckTimeoutMs);
            lock (ackSync)
            {
                awaitingAck = null;
                detail = verdict == null ? "no ack within " + AckTimeoutMs / 1000 + " s" : verdictDetail;
                return verdict ?? Delivery.Failed;
            }
        }

        /// <summary>id null: whatever is awaited fails (the connection dropped).</summary>
        private void Resolve(string eventId, Delivery result, string detail)
        {
            lock (ackSync)
            {
                if (awaitingAck == null || (eventId != null && eventId != awaitingAck)) return;
                verdict = result;
                verdictDetail = detail;
                ackSignal.Set();
            }
        }

        private bool Send(ClientWebSocket ws, JsonObject frame)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(JsonWriter.Write(frame));
            sendLock.Wait();
            try
            {
                // ClientWebSocket allows one send at a time, hence the lock.
                return ws.SendAsync(new ArraySegment<byte>(bytes), WebSocketMessageType.Text, true, stop.Token).Wait(10000);
            }
            catch (Exception e)
            {
                BridgeLog.Warn("dial-out: send failed: " + e.GetBaseException().Message);
                return false;
            }
            finally { sendLock.Release(); }
        }

        public void Dispose()
        {
            stop.Cancel();
            ClientWebSocket ws = socket;
            if (ws != null)
            {
                try { ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "add-on stopping", CancellationToken.None).Wait(2000); }
                catch (Exception) { }
            }
            if (thread != null) thread.Join(5000);
        }
    }
}
