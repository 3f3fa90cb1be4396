// TEST STUB of the NinjaTrader 8 surface the copygate add-on uses. Never shipped to traders:
// the real types live in NinjaTrader's own assemblies. Names and signatures mirror the
// NinjaScript help guide (https://developer.ninjatrader.com/docs/desktop/): AddOnBase /
// OnStateChange, NinjaTrader.Code.Output.Process, Core.Globals.
using System;
using System.Collections.Generic;
using System.IO;

namespace NinjaTrader.NinjaScript
{
    public enum State { SetDefaults, Configure, Active, DataLoaded, Historical, Transition, Realtime, Terminated }

    public enum PrintTo { OutputTab1, OutputTab2 }

    public abstract class NinjaScriptBase
    {
        public string Name { get; set; }
        public string Description { get; set; }
        public State State { get; private set; }

        protected virtual void OnStateChange() { }

        public void Print(object value) { NinjaTrader.Code.Output.Process(Convert.ToString(value), PrintTo.OutputTab1); }

        // NinjaTrader drives states itself; the stub exposes this through NinjaTrader.Stub.ScriptRunner.
        internal void MoveTo(State state)
        {
            State = state;
            OnStateChange();
        }
    }

    public abstract class AddOnBase : NinjaScriptBase { }
}

namespace NinjaTrader.Code
{
    public static class Output
    {
        private static readonly List<string> lines = new List<string>();

        /// <summary>Echo to stderr (the host) in addition to keeping lines for tests.</summary>
        public static bool EchoToConsole { get; set; }

        public static void Process(string message, NinjaTrader.NinjaScript.PrintTo printTo)
        {
            lock (lines) lines.Add(message);
            if (EchoToConsole) Console.Error.WriteLine(message);
        }

        /// <summary>Stub only: everything printed so far (tests check secrets never appear).</summary>
        public static string[] Captured()
        {
            lock (lines) return lines.ToArray();
        }

        public static void ClearCaptured()
        {
            lock (lines) lines.Clear();
        }
    }
}

namespace NinjaTrader.Core
{
    public sealed class GeneralOptionsStub
    {
        public TimeZoneInfo TimeZoneInfo { get; set; }
    }

    public static class Globals
    {
        // Documents\NinjaTrader 8\ on a real PC; a temp folder here, movable by tests.
        public static string UserDataDir = Path.Combine(Path.GetTempPath(), "nt8-stub") + Path.DirectorySeparatorChar;
        public static readonly DateTime MaxDate = new DateTime(2099, 12, 1);

        // NinjaTrader reports order and execution times in the platform's configured zone.
        // The stub uses a fixed UTC-5 zone without daylight saving so tests can check conversion.
        public static readonly GeneralOptionsStub GeneralOptions = new GeneralOptionsStub
        {
            TimeZoneInfo = TimeZoneInfo.CreateCustomTimeZone("Stub-UTC-5", TimeSpan.FromHours(-5), "Stub UTC-5", "Stub UTC-5"),
        };
    }
}

namespace NinjaTrader.Stub
{
    /// <summary>Stub only: moves a NinjaScript object through its states the way NinjaTrader does.</summary>
    public static class ScriptRunner
    {
        public static void MoveTo(NinjaTrader.NinjaScript.NinjaScriptBase script, NinjaTrader.NinjaScript.State state)
        {
            script.MoveTo(state);
        }
    }
}
