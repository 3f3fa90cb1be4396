// copygate NinjaTrader bridge: an append-only file of JSON objects, one per line.
// Used for the event queue and the journal of placed orders. Each append is flushed to
// disk before it returns, so what was appended survives NinjaTrader or the PC stopping.
// A line torn by a crash mid-append is cut off when the file is next opened.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed class JsonLinesFile
    {
        private static readonly Encoding Utf8 = new UTF8Encoding(false);
        private readonly object sync = new object();
        private readonly string path;

        public JsonLinesFile(string path)
        {
            this.path = path;
            string dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }

        public void Append(JsonObject value)
        {
            byte[] line = Utf8.GetBytes(JsonWriter.Write(value) + "\n");
            lock (sync)
            {
                using (var fs = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
                {
                    fs.Write(line, 0, line.Length);
                    fs.Flush(true);
                }
            }
        }

        /// <summary>Every complete line, oldest first. A torn last line is removed from the file;
        /// an unreadable complete line is skipped and reported through onBadLine.</summary>
        public List<JsonObject> ReadAll(Action<string> onBadLine)
        {
            var result = new List<JsonObject>();
            lock (sync)
            {
                if (!File.Exists(path)) return result;
                byte[] bytes = File.ReadAllBytes(path);
                int end = bytes.Length;
                while (end > 0 && bytes[end - 1] != (byte)'\n') end--;
                if (end < bytes.Length)
                {
                    using (var fs = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read)) fs.SetLength(end);
                    if (onBadLine != null) onBadLine("dropped an incomplete last line (written during a crash)");
                }
                foreach (string line in Utf8.GetString(bytes, 0, end).Split('\n'))
                {
                    if (line.Length == 0) continue;
                    try
                    {
                        var obj = JsonReader.Parse(line) as JsonObject;
                        if (obj != null) result.Add(obj);
                        else if (onBadLine != null) onBadLine("skipped a line that is not a JSON object");
                    }
                    catch (JsonException e)
                    {
                        if (onBadLine != null) onBadLine("skipped an unreadable line: " + e.Message);
                    }
                }
            }
            return result;
        }

        /// <summary>Replaces the whole file (write aside, then swap), for compaction.</summary>
        public void Rewrite(IEnumerable<JsonObject> values)
        {
            lock (sync)
            {
                string temp = path + ".tmp";
                using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    foreach (JsonObject v in values)
                    {
                        byte[] line = Utf8.GetBytes(JsonWriter.Write(v) + "\n");
                        fs.Write(line, 0, line.Length);
                    }
                    fs.Flush(true);
                }
                if (File.Exists(path)) File.Replace(temp, path, null);
                else File.Move(temp, path);
            }
        }
    }
}
