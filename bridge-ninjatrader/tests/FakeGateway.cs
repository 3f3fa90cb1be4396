// Test doubles of the copygate gateway's bridge endpoints: the HTTP event endpoint
// (POST /bridge/ninjatrader/events) and the dial-out WebSocket server. Mono's HttpListener has
// no server-side WebSockets, so the WebSocket side is a TcpListener doing the RFC 6455
// handshake, then WebSocket.CreateFromStream.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using NinjaTrader.NinjaScript.AddOns.Copygate;

namespace Copygate.Tests
{
    public static class Ports
    {
        public static int Free()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }
    }

    public sealed class FakeGateway : IDisposable
    {
        private HttpListener listener;
        public readonly int Port = Ports.Free();
        public readonly List<JsonObject> Accepted = new List<JsonObject>();
        public readonly List<string> AuthHeaders = new List<string>();
        public volatile int Status = 200;
        public int Attempts;

        public string Url { get { return "http://127.0.0.1:" + Port; } }

        public FakeGateway Start()
        {
            listener = new HttpListener();
            listener.Prefixes.Add(Url + "/bridge/ninjatrader/");
            listener.Start();
            HttpListener mine = listener;
            new Thread(() =>
            {
                while (true)
                {
                    HttpListenerContext c;
                    try { c = mine.GetContext(); } catch (Exception) { return; }
                    string body = new StreamReader(c.Request.InputStream, Encoding.UTF8).ReadToEnd();
                    int status = Status;
                    lock (Accepted)
                    {
                        Attempts++;
                        AuthHeaders.Add(c.Request.Headers["Authorization"]);
                        if (c.Request.Url.AbsolutePath == "/bridge/ninjatrader/events" && status >= 200 && status < 300)
                            Accepted.Add((JsonObject)JsonReader.Parse(body));
                    }
                    c.Response.StatusCode = status;
                    byte[] answer = Encoding.UTF8.GetBytes("{\"ok\":" + (status < 300 ? "true" : "false") + "}");
                    c.Response.OutputStream.Write(answer, 0, answer.Length);
                    c.Response.Close();
                }
            }) { IsBackground = true }.Start();
            return this;
        }

        /// <summary>The gateway goes down: connections are refused until Start again.</summary>
        public void Stop()
        {
            if (listener == null) return;
            listener.Close();
            listener = null;
        }

        public List<JsonObject> Events { get { lock (Accepted) return Accepted.ToList(); } }

        public void Dispose() { Stop(); }
    }

    public sealed class FakeWsGateway : IDisposable
    {
        private readonly TcpListener tcp;
        private readonly object sync = new object();
        private WebSocket current;
        private TcpClient currentClient;
        private readonly Dictionary<string, JsonObject> responses = new Dictionary<string, JsonObject>();
        public readonly List<JsonObject> Events = new List<JsonObject>();
        public readonly List<string> AuthHeaders = new List<string>();
        public volatile bool AutoAck = true;
        public volatile bool RefuseHandshake;
        public int Connections;

        public FakeWsGateway()
        {
            tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            new Thread(AcceptLoop) { IsBackground = true }.Start();
        }

        public string Url { get { return "ws://127.0.0.1:" + ((IPEndPoint)tcp.LocalEndpoint).Port + "/bridge/ninjatrader/ws"; } }
        public bool Connected { get { lock (sync) return current != null && current.State == WebSocketState.Open; } }
        public List<JsonObject> ReceivedEvents { get { lock (sync) return Events.ToList(); } }

        private void AcceptLoop()
        {
            while (true)
            {
                TcpClient client;
                try { client = tcp.AcceptTcpClient(); } catch (Exception) { return; }
                new Thread(() => Serve(client)) { IsBackground = true }.Start();
            }
        }

        private void Serve(TcpClient client)
        {
            NetworkStream stream = client.GetStream();
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n") && stream.Read(one, 0, 1) == 1) head.Append((char)one[0]);
            string[] lines = head.ToString().Split(new[] { "\r\n" }, StringSplitOptions.None);
            string key = Header(lines, "Sec-WebSocket-Key");
            lock (sync) AuthHeaders.Add(Header(lines, "Authorization"));
            if (RefuseHandshake)
            {
                byte[] no = Encoding.ASCII.GetBytes("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                stream.Write(no, 0, no.Length);
                client.Close();
                return;
            }
            string accept = Convert.ToBase64String(SHA1.Create().ComputeHash(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
            byte[] yes = Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n");
            stream.Write(yes, 0, yes.Length);
            WebSocket ws = WebSocket.CreateFromStream(stream, true, null, TimeSpan.FromSeconds(30));
            lock (sync) { current = ws; currentClient = client; Connections++; }
            var buffer = new byte[65536];
            var message = new MemoryStream();
            try
            {
                while (ws.State == WebSocketState.Open)
                {
                    WebSocketReceiveResult r = ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None).Result;
                    if (r.MessageType == WebSocketMessageType.Close) break;
                    message.Write(buffer, 0, r.Count);
                    if (!r.EndOfMessage) continue;
                    var msg = (JsonObject)JsonReader.Parse(Encoding.UTF8.GetString(message.ToArray()));
                    message.SetLength(0);
                    OnMessage(ws, msg);
                }
            }
            catch (Exception) { }
        }

        private void OnMessage(WebSocket ws, JsonObject msg)
        {
            var ev = msg.Get("event") as JsonObject;
            if (ev != null)
            {
                bool ack = AutoAck;
                lock (sync) { if (ack) Events.Add(ev); }
                if (ack) Send(ws, new JsonObject().Set("ack", ev.GetString("eventId")));
                return;
            }
            lock (sync)
            {
                responses[JsonWriter.Write(msg.Get("requestId"))] = msg;
                Monitor.PulseAll(sync);
            }
        }

        /// <summary>Sends a command frame and waits for the add-on's answer with the same requestId.</summary>
        public JsonObject Command(object requestId, string method, string path, object body, int timeoutMs = 10000)
        {
            JsonObject frame = new JsonObject().Set("requestId", requestId).Set("method", method).Set("path", path);
            if (body != null) frame.Set("body", body);
            return Raw(frame, JsonWriter.Write(requestId), timeoutMs);
        }

        public JsonObject Raw(JsonObject frame, string requestIdJson, int timeoutMs = 10000)
        {
            WebSocket ws;
            lock (sync) ws = current;
            Send(ws, frame);
            DateTime until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            lock (sync)
            {
                JsonObject reply;
                while (!responses.TryGetValue(requestIdJson, out reply))
                {
                    int left = (int)(until - DateTime.UtcNow).TotalMilliseconds;
                    if (left <= 0) throw new AssertionException("no answer to command " + requestIdJson);
                    Monitor.Wait(sync, left);
                }
                return reply;
            }
        }

        private readonly object sendSync = new object();

        private void Send(WebSocket ws, JsonObject frame)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(JsonWriter.Write(frame));
            lock (sendSync) ws.SendAsync(new ArraySegment<byte>(bytes), WebSocketMessageType.Text, true, CancellationToken.None).Wait();
        }

        /// <summary>The network drops: the TCP connection is cut without a close handshake.</summary>
        public void Drop()
        {
            lock (sync)
            {
                if (currentClient != null) currentClient.Close();
                if (current != null) current.Abort();
                current = null;
            }
        }

        private static string Header(string[] lines, string name)
        {
            string line = lines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));
            return line == null ? null : line.Substring(name.Length + 1).Trim();
        }

        public void Dispose()
        {
            Drop();
            tcp.Stop();
        }
    }
}
