// copygate NinjaTrader bridge: cancelling and changing the bridge's orders
// (Account.Cancel: https://developer.ninjatrader.com/docs/desktop/cancel,
//  Account.Change with QuantityChanged / LimitPriceChanged / StopPriceChanged:
//  https://developer.ninjatrader.com/docs/desktop/change).
using System;
using NinjaTrader.Cbi;

namespace NinjaTrader.NinjaScript.AddOns.Copygate
{
    public sealed partial class OrderDesk
    {
        /// <summary>Cancelling an already cancelled order answers 200 again (retries are safe);
        /// a filled or rejected order answers 409.</summary>
        public JsonObject Cancel(string clientOrderId)
        {
            TrackedOrder t = FindOrThrow(clientOrderId);
            Order order = LiveOrder(t);
            OrderWatch.Waiter waiter;
            lock (placing)
            {
                if (order.OrderState == OrderState.Cancelled) return OrderView.Of(order, t, false);
                if (OrderNames.IsFinal(order.OrderState))
                    throw new BridgeError(409, "order " + clientOrderId + " is " + OrderNames.Of(order.OrderState) + "; there is nothing to cancel", "clientOrderId")
                        { Order = OrderView.Of(order, t, false) };
                waiter = watch.Expect(order, OrderWatch.CancelSettled());
                order.Account.Cancel(new[] { order });
            }
            OrderEventArgs answer = watch.Wait(waiter, ackTimeoutMs);
            if (answer != null && answer.Error != ErrorCode.NoError && !OrderNames.IsFinal(order.OrderState))
                throw new BridgeError(422, "NinjaTrader could not cancel the order: " + Reason(answer), null) { Order = OrderView.Of(order, t, false) };
            BridgeLog.Info("cancel " + clientOrderId + " -> " + OrderNames.Of(order.OrderState));
            return OrderView.Of(order, t, false);
        }

        /// <summary>Changes quantity and/or prices; fields not sent keep their current value.</summary>
        public JsonObject Change(string clientOrderId, JsonObject body)
        {
            RequestFields.AllowOnly(body, "quantity", "limitPrice", "stopPrice");
            JsonNumber qtyText = RequestFields.OptionalNumber(body, "quantity");
            int? quantity = qtyText == null ? (int?)null : RequestFields.Quantity(qtyText, "quantity", maxQuantity);
            double? limit = RequestFields.Price(body, "limitPrice");
            double? stop = RequestFields.Price(body, "stopPrice");
            if (quantity == null && limit == null && stop == null)
                throw BridgeError.Malformed(null, "nothing to change: send quantity, limitPrice and/or stopPrice");

            TrackedOrder t = FindOrThrow(clientOrderId);
            Order order = LiveOrder(t);
            if (OrderNames.IsFinal(order.OrderState))
                throw new BridgeError(409, "order " + clientOrderId + " is " + OrderNames.Of(order.OrderState) + " and can no longer be changed", "clientOrderId")
                    { Order = OrderView.Of(order, t, false) };
            if (limit != null && !OrderNames.UsesLimitPrice(order.OrderType))
                throw BridgeError.Unacceptable("limitPrice", "a " + OrderNames.Of(order.OrderType) + " order has no limit price");
            if (stop != null && !OrderNames.UsesStopPrice(order.OrderType))
                throw BridgeError.Unacceptable("stopPrice", "a " + OrderNames.Of(order.OrderType) + " order has no stop price");
            if (quantity != null && quantity <= order.Filled)
                throw BridgeError.Unacceptable("quantity", "quantity must be above the " + order.Filled + " contract(s) already filled");
            CheckTicks(order.Instrument, "limitPrice", limit ?? 0);
            CheckTicks(order.Instrument, "stopPrice", stop ?? 0);

            OrderWatch.Waiter waiter;
            lock (placing)
            {
                order.QuantityChanged = quantity ?? order.Quantity;
                order.LimitPriceChanged = limit ?? order.LimitPrice;
                order.StopPriceChanged = stop ?? order.StopPrice;
                waiter = watch.Expect(order, OrderWatch.ChangeSettled());
                order.Account.Change(new[] { order });
            }
            OrderEventArgs answer = watch.Wait(waiter, ackTimeoutMs);
            if (answer != null && answer.Error != ErrorCode.NoError)
                throw new BridgeError(422, "NinjaTrader refused the change: " + Reason(answer), null) { Order = OrderView.Of(order, t, false) };
            BridgeLog.Info("change " + clientOrderId + " -> quantity " + order.Quantity + ", " + OrderNames.Of(order.OrderState));
            return OrderView.Of(order, t, false);
        }

        private static Order LiveOrder(TrackedOrder t)
        {
            if (t.Order == null)
                throw new BridgeError(409, "NinjaTrader no longer lists order " + t.ClientOrderId + " (restarted or purged)", "clientOrderId")
                    { Order = OrderView.OfMissing(t, false) };
            return t.Order;
        }
    }
}
