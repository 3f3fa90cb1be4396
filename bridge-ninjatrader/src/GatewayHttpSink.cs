// copygate NinjaTrader bridge: event delivery over HTTP, POST {GatewayUrl}/bridge/ninjatrader/events.
// HttpWebRequest rather than HttpClient: it lives in System.dll, which NinjaScript always
// references. 2xx acknowledges, and so does 409 (the gateway already has that eventId);
// 400/410/413/422 are permanent refusals; anything else (network error, 5xx, 401/403 from a
// token mismatch, 404 while the gateway deploys, 429) is retried: dropping a fill is worse than waiting.
using System;
using System.IO;
using System.Net;
using System.Text;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public enum Delivery { Delivered, Refused, Failed }

    public interface IEventSink
    {
        string Name { get; }
        bool IsReady { get; }
        /// <summary>Sends one event and waits for the gateway's verdict; never throws.</summary>
        Delivery Deliver(JsonObject ev, out string detail);
    }

    public sealed class GatewayHttpSink : IEventSink
    {
        private const int TimeoutMs = 10000;
        private readonly string url;
        private readonly BearerToken token;

        public GatewayHttpSink(string gatewayUrl, BearerToken token)
        {
            url = gatewayUrl.TrimEnd('/') + "/bridge/ninjatrader/events";
            this.token = token;
        }

        public string Name { get { return "HTTP " + url; } }
        public bool IsReady { get { return true; } }

        public Delivery Deliver(JsonObject ev, out string detail)
        {
            try
            {
                var request = (HttpWebRequest)WebRequest.Create(url);
                request.Method = "POST";
                request.ContentType = "application/json; charset=utf-8";
                request.Headers[HttpRequestHeader.Authorization] = token.HeaderValue;
                request.Timeout = TimeoutMs;
                request.ReadWriteTimeout = TimeoutMs;
                request.KeepAlive = true;
                byte[] body = Encoding.UTF8.GetBytes(JsonWriter.Write(ev));
                request.ContentLength = body.Length;
                using (Stream s = request.GetRequestStream()) s.Write(body, 0, body.Length);
                using (var response = (HttpWebResponse)request.GetResponse())
                {
                    detail = "HTTP " + (int)response.StatusCode;
                    return Delivery.Delivered;
                }
            }
            catch (WebException e)
            {
                var response = e.Response as HttpWebResponse;
                if (response == null) { detail = e.Status + ": " + e.Message; return Delivery.Failed; }
                using (response)
                {
                    int status = (int)response.StatusCode;
                    detail = "HTTP " + status + " " + ReadSome(response);
                    if (status == 409) return Delivery.Delivered;
                    bool permanent = status == 400 || status == 410 || status == 413 || status == 422;
                    return permanent ? Delivery.Refused : Delivery.Failed;
                }
            }
            catch (Exception e)
            {
                detail = e.GetType().Name + ": " + e.Message;
                return Delivery.Failed;
            }
        }

        private static string ReadSome(HttpWebResponse response)
        {
            try
            {
                using (var reader = new StreamReader(response.GetResponseStream(), Encoding.UTF8))
                {
                    string text = reader.ReadToEnd();
                    return text.Length > 300 ? text.Substring(0, 300) : text;
                }
            }
            catch (Exception) { return ""; }
        }
    }
}
