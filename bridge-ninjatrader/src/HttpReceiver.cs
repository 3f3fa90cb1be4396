// copygate NinjaTrader bridge: the HTTP receiver (System.Net.HttpListener) for Listen mode.
// Checks the bearer token on every request before anything else, caps the body size, hands the
// request to the shared RequestHandler and writes its JSON answer. Requests run on the thread
// pool, never on NinjaTrader's threads; nothing thrown here reaches NinjaTrader.
using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class HttpReceiver : IDisposable
    {
        private const int MaxBodyBytes = 64 * 1024;
        private readonly string prefix;
        private readonly BearerToken token;
        private readonly RequestHandler handler;
        private readonly HttpListener listener = new HttpListener();
        private Thread thread;
        private volatile bool stopping;

        public HttpReceiver(string prefix, BearerToken token, RequestHandler handler)
        {
            this.prefix = prefix;
            this.token = token;
            this.handler = handler;
        }

        public string Prefix { get { return prefix; } }

        /// <summary>Throws when the prefix cannot be bound (port in use, no URL ACL on Windows).</summary>
        public void Start()
        {
            listener.Prefixes.Add(prefix);
            listener.Start();
            thread = new Thread(AcceptLoop) { IsBackground = true, Name = "copygate-http-receiver" };
            thread.Start();
            BridgeLog.Info("listening on " + prefix);
        }

        private void AcceptLoop()
        {
            while (!stopping)
            {
                HttpListenerContext context;
                try { context = listener.GetContext(); }
                catch (Exception e)
                {
                    if (!stopping) BridgeLog.Error("HTTP receiver stopped accepting: " + e.Message);
                    return;
                }
                ThreadPool.QueueUserWorkItem(delegate { Serve(context); });
            }
        }

        private void Serve(HttpListenerContext context)
        {
            var watch = Stopwatch.StartNew();
            HttpListenerRequest request = context.Request;
            BridgeResponse answer;
            try
            {
                if (!token.Matches(request.Headers["Authorization"]))
                {
                    context.Response.AddHeader("WWW-Authenticate", "Bearer");
                    answer = new BridgeResponse(401, new JsonObject().Set("error", "missing or wrong bearer token").Set("field", null));
                }
                else
                {
                    answer = handler.Handle(BridgeRequest.FromText(request.HttpMethod, request.RawUrl, ReadBody(request)));
                }
            }
            catch (BridgeError e)
            {
                answer = new BridgeResponse(e.Status, e.ToJson());
            }
            catch (Exception e)
            {
                BridgeLog.Error("HTTP " + request.HttpMethod + " " + request.Url.AbsolutePath + " failed: " + e.Message);
                answer = new BridgeResponse(500, new JsonObject().Set("error", "internal error in the copygate add-on").Set("field", null));
            }
            Write(context.Response, answer);
            BridgeLog.Info(request.HttpMethod + " " + request.Url.AbsolutePath + " -> " + answer.Status + " (" + watch.ElapsedMilliseconds + " ms)");
        }

        private static string ReadBody(HttpListenerRequest request)
        {
            if (!request.HasEntityBody) return "";
            var tooLarge = new BridgeError(413, "the body is larger than " + MaxBodyBytes + " bytes", null);
            if (request.ContentLength64 > MaxBodyBytes) throw tooLarge;
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int n;
            while ((n = request.InputStream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, n);
                if (buffer.Length > MaxBodyBytes) throw tooLarge;
            }
            try { return new UTF8Encoding(false, true).GetString(buffer.ToArray()); }
            catch (DecoderFallbackException) { throw BridgeError.Malformed(null, "the body is not valid UTF-8"); }
        }

        private static void Write(HttpListenerResponse response, BridgeResponse answer)
        {
            try
            {
                byte[] bytes = Encoding.UTF8.GetBytes(JsonWriter.Write(answer.Body));
                response.StatusCode = answer.Status;
                response.ContentType = "application/json; charset=utf-8";
                response.AddHeader("Cache-Control", "no-store");
                response.ContentLength64 = bytes.Length;
                response.OutputStream.Write(bytes, 0, bytes.Length);
                response.OutputStream.Close();
            }
            catch (Exception) { } // the caller hung up; nothing to tell it
            finally
            {
                try { response.Close(); } catch (Exception) { }
            }
        }

        public void Dispose()
        {
            stopping = true;
            try { listener.Stop(); listener.Close(); } catch (Exception) { }
            if (thread != null) thread.Join(5000);
        }
    }
}
