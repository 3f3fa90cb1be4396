// copygate NinjaTrader bridge: the NinjaTrader 8 add-on. NinjaTrader creates it at start-up and
// drives OnStateChange (https://developer.ninjatrader.com/docs/desktop/onstatechange): the bridge
// starts at State.Active and stops at State.Terminated (also on F5 recompile). Nothing thrown
// here may reach NinjaTrader: a failed start is logged to the NinjaScript Output window and the
// add-on stays idle.
using System;
using System.ComponentModel;
using System.IO;
using System.Xml.Serialization;
using NinjaTrader.NinjaScript.AddOns.Copygate;

namespace NinjaTrader.NinjaScript.AddOns
{
    public class CopygateBridgeAddOn : AddOnBase
    {
        private CopygateBridge bridge;

        /// <summary>Settings given in code (the test host); NinjaTrader leaves this null and the add-on
        /// reads Documents\NinjaTrader 8\copygate\bridge.properties. Hidden from NinjaTrader's
        /// property grid and serializer, which look at public properties of NinjaScript objects.</summary>
        [Browsable(false), XmlIgnore]
        public BridgeSettings SettingsOverride { get; set; }

        protected override void OnStateChange()
        {
            try
            {
                if (State == State.SetDefaults)
                {
                    Name = "CopygateBridge";
                    Description = "copygate copy-trading bridge: order receiver and execution publisher";
                }
                else if (State == State.Active) Start();
                else if (State == State.Terminated) Stop();
            }
            catch (Exception e)
            {
                BridgeLog.Error("add-on state " + State + " failed: " + e.Message);
            }
        }

        private void Start()
        {
            if (bridge != null) return;
            string folder = Path.Combine(NinjaTrader.Core.Globals.UserDataDir, "copygate");
            BridgeSettings settings;
            try { settings = SettingsOverride ?? BridgeSettings.LoadOrCreate(Path.Combine(folder, "bridge.properties"), folder); }
            catch (ArgumentException e)
            {
                BridgeLog.Error("not started, settings are invalid: " + e.Message + " (edit " + Path.Combine(folder, "bridge.properties") + ")");
                return;
            }
            var b = new CopygateBridge(settings);
            try
            {
                b.Start();
                bridge = b;
            }
            catch (Exception e)
            {
                BridgeLog.Error("not started: " + e.GetBaseException().Message);
                b.Dispose();
            }
        }

        private void Stop()
        {
            if (bridge == null) return;
            bridge.Dispose();
            bridge = null;
        }

        /// <summary>The running bridge, or null (used by the test host).</summary>
        [Browsable(false), XmlIgnore]
        public CopygateBridge Bridge { get { return bridge; } }
    }
}
