// TEST STUB of NinjaTrader.Cbi value types, mirroring the help guide:
//   Order:        https://developer.ninjatrader.com/docs/desktop/order (properties, OrderState values)
//   CreateOrder:  https://developer.ninjatrader.com/docs/desktop/createorder (OrderAction, OrderType,
//                 OrderEntry, TimeInForce values)
//   Instrument.GetInstrument: https://developer.ninjatrader.com/docs/desktop/getinstrument
//   OrderUpdate / ExecutionUpdate event args as used in the Account add-on examples.
// Setters are internal: the add-on can only read what NinjaTrader lets it read.
using System;

namespace NinjaTrader.Cbi
{
    public enum OrderAction { Buy, BuyToCover, Sell, SellShort }

    public enum OrderType { Limit, Market, MIT, StopMarket, StopLimit }

    public enum OrderEntry { Automated, Manual }

    public enum TimeInForce { Day, Gtc, Gtd, Ioc, Opg }

    public enum OrderState
    {
        Initialized, Submitted, Accepted, TriggerPending, Working, ChangePending, ChangeSubmitted,
        CancelPending, CancelSubmitted, Cancelled, Rejected, PartFilled, Filled, Unknown,
    }

    public enum MarketPosition { Flat, Long, Short }

    public enum ErrorCode { NoError, OrderRejected, UnableToCancelOrder, UnableToChangeOrder, UnableToSubmitOrder, UserAbort, Panic }

    public class CustomOrder { }

    public class MasterInstrument
    {
        public string Name { get; internal set; }
        public double TickSize { get; internal set; }
        public double PointValue { get; internal set; }
    }

    public class Instrument
    {
        public string FullName { get; internal set; }
        public MasterInstrument MasterInstrument { get; internal set; }

        /// <summary>Null when NinjaTrader's instrument database has no such instrument.</summary>
        public static Instrument GetInstrument(string instrumentName)
        {
            return NinjaTrader.Stub.SimEngine.LookupInstrument(instrumentName);
        }

        public override string ToString() { return FullName; }
    }

    public class Order
    {
        public Account Account { get; internal set; }
        public Instrument Instrument { get; internal set; }
        public OrderAction OrderAction { get; internal set; }
        public OrderType OrderType { get; internal set; }
        public OrderEntry OrderEntry { get; internal set; }
        public TimeInForce TimeInForce { get; internal set; }
        public OrderState OrderState { get; internal set; }
        public int Quantity { get; internal set; }
        public int Filled { get; internal set; }
        public double LimitPrice { get; internal set; }
        public double StopPrice { get; internal set; }
        public double AverageFillPrice { get; internal set; }
        public string Oco { get; internal set; }
        public string Name { get; internal set; }
        public string OrderId { get; internal set; }
        public long Id { get; internal set; }
        public DateTime Time { get; internal set; }
        public DateTime Gtd { get; internal set; }

        // Set these, then call Account.Change (https://developer.ninjatrader.com/docs/desktop/change).
        public int QuantityChanged { get; set; }
        public double LimitPriceChanged { get; set; }
        public double StopPriceChanged { get; set; }

        public static bool IsTerminalState(OrderState state)
        {
            return state == OrderState.Filled || state == OrderState.Cancelled || state == OrderState.Rejected || state == OrderState.Unknown;
        }

        public override string ToString()
        {
            return "orderId='" + OrderId + "' name='" + Name + "' state=" + OrderState + " instrument='" + Instrument + "' action=" + OrderAction
                + " type=" + OrderType + " qty=" + Quantity + " filled=" + Filled;
        }
    }

    public class Execution
    {
        public Account Account { get; internal set; }
        public Instrument Instrument { get; internal set; }
        public Order Order { get; internal set; }
        public string ExecutionId { get; internal set; }
        public string OrderId { get; internal set; }
        public string Name { get; internal set; }
        public double Price { get; internal set; }
        public int Quantity { get; internal set; }
        public MarketPosition MarketPosition { get; internal set; }
        public DateTime Time { get; internal set; }
    }

    public class Position
    {
        public Account Account { get; internal set; }
        public Instrument Instrument { get; internal set; }
        public MarketPosition MarketPosition { get; internal set; }
        public int Quantity { get; internal set; }
        public double AveragePrice { get; internal set; }
    }

    // Only members seen in NinjaTrader's own OrderUpdate samples and in code known to compile in
    // NinjaTrader are stubbed, so the add-on cannot come to rely on one that does not exist.
    public class OrderEventArgs : EventArgs
    {
        public Order Order { get; internal set; }
        public OrderState OrderState { get; internal set; }
        public int Quantity { get; internal set; }
        public int Filled { get; internal set; }
        public double AverageFillPrice { get; internal set; }
        public DateTime Time { get; internal set; }
        public ErrorCode Error { get; internal set; }
        public string Comment { get; internal set; }
    }

    // NinjaTrader's ExecutionEventArgs has no Instrument property: use e.Execution.Instrument.
    public class ExecutionEventArgs : EventArgs
    {
        public Execution Execution { get; internal set; }
        public string ExecutionId { get; internal set; }
        public string OrderId { get; internal set; }
        public MarketPosition MarketPosition { get; internal set; }
        public double Price { get; internal set; }
        public int Quantity { get; internal set; }
        public DateTime Time { get; internal set; }
    }

    public class PositionEventArgs : EventArgs
    {
        public Position Position { get; internal set; }
        public MarketPosition MarketPosition { get; internal set; }
        public int Quantity { get; internal set; }
        public double AveragePrice { get; internal set; }
    }
}
