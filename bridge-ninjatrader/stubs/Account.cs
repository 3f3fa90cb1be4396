// TEST STUB of NinjaTrader.Cbi.Account, mirroring the help guide's Account class
// (https://developer.ninjatrader.com/docs/desktop/account_class): All, Name, Orders,
// Positions, Executions, CreateOrder (12 parameters), Submit, Cancel, Change, Flatten,
// CancelAllOrders and the OrderUpdate / ExecutionUpdate / PositionUpdate events.
// Behaviour lives in NinjaTrader.Stub.SimEngine, which acts like NinjaTrader's Sim101.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace NinjaTrader.Cbi
{
    public class Account
    {
        private static readonly Collection<Account> all = new Collection<Account>();

        public Account()
        {
            Orders = new Collection<Order>();
            Positions = new Collection<Position>();
            Executions = new Collection<Execution>();
        }

        /// <summary>Lock it while enumerating, as NinjaScript samples do: lock (Account.All) ...</summary>
        public static Collection<Account> All { get { return all; } }

        public string Name { get; internal set; }
        public Collection<Order> Orders { get; private set; }
        public Collection<Position> Positions { get; private set; }
        public Collection<Execution> Executions { get; private set; }

        public event EventHandler<OrderEventArgs> OrderUpdate;
        public event EventHandler<ExecutionEventArgs> ExecutionUpdate;
        public event EventHandler<PositionEventArgs> PositionUpdate;

        public Order CreateOrder(Instrument instrument, OrderAction action, OrderType orderType, OrderEntry orderEntry,
            TimeInForce timeInForce, int quantity, double limitPrice, double stopPrice, string oco, string name,
            DateTime gtd, CustomOrder customOrder)
        {
            return NinjaTrader.Stub.SimEngine.Create(this, instrument, action, orderType, orderEntry, timeInForce, quantity,
                limitPrice, stopPrice, oco, name, gtd);
        }

        public void Submit(IEnumerable<Order> orders) { NinjaTrader.Stub.SimEngine.Submit(this, orders); }
        public void Cancel(IEnumerable<Order> orders) { NinjaTrader.Stub.SimEngine.Cancel(this, orders); }
        public void Change(IEnumerable<Order> orders) { NinjaTrader.Stub.SimEngine.Change(this, orders); }
        public void Flatten(ICollection<Instrument> instruments) { NinjaTrader.Stub.SimEngine.Flatten(this, instruments); }
        public void CancelAllOrders(Instrument instrument) { NinjaTrader.Stub.SimEngine.CancelAll(this, instrument); }

        public override string ToString() { return Name; }

        internal void Raise(OrderEventArgs e) { Invoke(OrderUpdate, e); }
        internal void Raise(ExecutionEventArgs e) { Invoke(ExecutionUpdate, e); }
        internal void Raise(PositionEventArgs e) { Invoke(PositionUpdate, e); }

        private void Invoke<T>(EventHandler<T> handler, T e) where T : EventArgs
        {
            if (handler == null) return;
            foreach (EventHandler<T> h in handler.GetInvocationList())
            {
                try { h(this, e); }
                catch (Exception ex) { NinjaTrader.Stub.SimEngine.RecordHandlerError(ex); }
            }
        }
    }
}
