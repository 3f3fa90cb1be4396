// copygate NinjaTrader bridge: the durable queue of events for the gateway.
// events-queue.jsonl holds one event per line, appended (and flushed to disk) before any
// delivery is tried; events-queue.cursor holds how many lines the gateway has acknowledged.
// Delivery is strictly oldest first, one at a time, so the cursor is all the state needed.
// When everything is acknowledged the file is emptied. If the PC stops between emptying the
// file and resetting the cursor, the cursor points past the end and is reset on start; at worst
// an event is sent twice and the gateway drops it by eventId.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class EventQueue
    {
        private readonly object sync = new object();
        private readonly JsonLinesFile file;
        private readonly JsonLinesFile refused;
        private readonly string cursorPath;
        private readonly List<JsonObject> pending = new List<JsonObject>();
        private int delivered;

        public EventQueue(string queuePath)
        {
            file = new JsonLinesFile(queuePath);
            refused = new JsonLinesFile(Path.ChangeExtension(queuePath, null) + "-refused.jsonl");
            cursorPath = Path.ChangeExtension(queuePath, ".cursor");
            List<JsonObject> lines = file.ReadAll(BridgeLog.Warn);
            delivered = ReadCursor();
            if (delivered > lines.Count) delivered = 0;
            for (int i = delivered; i < lines.Count; i++) pending.Add(lines[i]);
            if (pending.Count > 0) BridgeLog.Info(pending.Count + " undelivered event(s) waiting for the gateway");
        }

        public int Depth { get { lock (sync) return pending.Count; } }

        /// <summary>Durable once this returns.</summary>
        public void Enqueue(JsonObject ev)
        {
            lock (sync)
            {
                file.Append(ev);
                pending.Add(ev);
            }
        }

        /// <summary>The oldest event not yet acknowledged, or null.</summary>
        public JsonObject Peek()
        {
            lock (sync) return pending.Count == 0 ? null : pending[0];
        }

        /// <summary>The gateway acknowledged the head event: it is never sent again.</summary>
        public void Acknowledge(JsonObject ev)
        {
            lock (sync)
            {
                if (pending.Count == 0 || !ReferenceEquals(pending[0], ev)) return;
                pending.RemoveAt(0);
                delivered++;
                if (pending.Count == 0)
                {
                    file.Rewrite(new JsonObject[0]);
                    delivered = 0;
                }
                WriteCursor(delivered);
            }
        }

        /// <summary>The gateway refused the head event for good (4xx): it is set aside in
        /// events-queue-refused.jsonl so it cannot block every later event.</summary>
        public void SetAside(JsonObject ev, string reason)
        {
            refused.Append(new JsonObject().Set("reason", reason).Set("event", ev));
            Acknowledge(ev);
        }

        private int ReadCursor()
        {
            try
            {
                int n;
                if (File.Exists(cursorPath) && int.TryParse(File.ReadAllText(cursorPath).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n) && n >= 0)
                    return n;
            }
            catch (IOException e) { BridgeLog.Warn("could not read the event queue cursor (events may be re-sent): " + e.Message); }
            return 0;
        }

        private void WriteCursor(int n)
        {
            string temp = cursorPath + ".tmp";
            using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                byte[] bytes = System.Text.Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture));
                fs.Write(bytes, 0, bytes.Length);
                fs.Flush(true);
            }
            if (File.Exists(cursorPath)) File.Replace(temp, cursorPath, null);
            else File.Move(temp, cursorPath);
        }
    }
}
