package io.copygate.sim.alpaca;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox's broker side: accepts, replaces and cancels orders of an account, executes them
 * against the prices a test sets, moves positions and cash, and reports every change on the
 * account's trade_updates stream. Each call works under its account's lock only.
 */
final class OrderDesk {
    private final Map<String, BigDecimal> prices = new ConcurrentHashMap<>();
    private final Set<String> notFractionable = ConcurrentHashMap.newKeySet();
    /** Orders waiting for a price (resting limits, unelected stops, market orders before any price). */
    private final Map<String, Set<SimOrder>> waitingBySymbol = new ConcurrentHashMap<>();
    private final TradeUpdates updates;
    final Balances balances = new Balances(prices::get);

    OrderDesk(TradeUpdates updates) {
        this.updates = updates;
    }

    BigDecimal price(String symbol) {
        return prices.get(symbol);
    }

    void setFractionable(String symbol, boolean fractionable) {
        if (fractionable) {
            notFractionable.remove(symbol);
        } else {
            notFractionable.add(symbol);
        }
    }

    // ---------------------------------------------------------------- POST /v2/orders

    ObjectNode place(SimAccount a, ObjectNode r) {
        OrderRequest q = OrderRequest.parse(r, prices::get, symbol -> !notFractionable.contains(symbol));
        synchronized (a) {
            requireUniqueClientId(a, q.clientOrderId());
            balances.checkBuyingPower(a, q);
            Instant now = Instant.now();
            SimOrder o = new SimOrder(a, q.symbol(), q.crypto(), q.side(), q.orderClass(), now);
            o.clientOrderId = q.clientOrderId() != null ? q.clientOrderId() : SimOrder.uuid();
            o.type = q.type();
            o.timeInForce = q.timeInForce();
            o.qty = q.qty();
            o.notional = q.notional();
            o.limitPrice = q.limit();
            o.stopPrice = q.stop();
            o.extendedHours = q.extendedHours();
            o.status = "new";
            register(a, o);
            String exitSide = o.isBuy() ? "sell" : "buy";
            String stopType = q.stopLossLimit() != null ? "stop_limit" : "stop";
            switch (q.orderClass()) {
                case "bracket", "oto" -> {
                    if (q.takeProfit() != null) {
                        addLeg(o, exitSide, "limit", q.takeProfit(), null, "held", now);
                    }
                    if (q.stopLoss() != null) {
                        addLeg(o, exitSide, stopType, q.stopLossLimit(), q.stopLoss(), "held", now);
                    }
                }
                case "oco" -> addLeg(o, q.side(), stopType, q.stopLossLimit(), q.stopLoss(), "new", now);
                default -> { }
            }
            ObjectNode answer = o.toJson(true);
            report("new", o, now);
            for (SimOrder leg : o.legs) {
                if (leg.isWorking()) {
                    report("new", leg, now);
                }
            }
            arrive(o);
            for (SimOrder leg : new ArrayList<>(o.legs)) {
                arrive(leg);
            }
            return answer;
        }
    }

    private void addLeg(SimOrder parent, String side, String type, BigDecimal limit, BigDecimal stop, String status,
            Instant now) {
        SimOrder leg = new SimOrder(parent.account, parent.symbol, parent.crypto, side, parent.orderClass, now);
        leg.clientOrderId = SimOrder.uuid();
        leg.type = type;
        leg.timeInForce = parent.timeInForce;
        leg.qty = parent.qty;
        leg.limitPrice = limit;
        leg.stopPrice = stop;
        leg.status = status;
        leg.parent = parent;
        parent.legs.add(leg);
        register(parent.account, leg);
    }

    private static void register(SimAccount a, SimOrder o) {
        a.ordersById.put(o.id, o);
        a.ordersByClientId.put(o.clientOrderId, o);
        a.ordersInSubmission.add(o);
        a.open.add(o);
    }

    /** The order reached a final status: it no longer counts as open nor waits for prices. */
    private void closed(SimOrder o) {
        o.account.open.remove(o);
        unwait(o);
    }

    private static void requireUniqueClientId(SimAccount a, String clientOrderId) {
        if (clientOrderId != null && a.ordersByClientId.containsKey(clientOrderId)) {
            throw SimReject.invalid("client_order_id must be unique");
        }
    }

    // ---------------------------------------------------------------- PATCH /v2/orders/{id}

    ObjectNode replace(SimAccount a, String orderId, ObjectNode r) {
        BigDecimal qty = SimJson.decimal(r, "qty");
        BigDecimal limit = SimJson.decimal(r, "limit_price");
        BigDecimal stop = SimJson.decimal(r, "stop_price");
        String tif = SimJson.text(r, "time_in_force");
        String clientOrderId = SimJson.text(r, "client_order_id");
        if (r.has("notional")) {
            throw SimReject.unprocessable("notional can only be replaced on IPO indications of interest");
        }
        if (tif != null) {
            OrderRules.requireOneOf("time_in_force", tif, OrderRules.TIFS);
        }
        OrderRules.requirePositive("qty", qty);
        OrderRules.requirePositive("limit_price", limit);
        OrderRules.requirePositive("stop_price", stop);
        synchronized (a) {
            SimOrder o = find(a, orderId);
            if (!o.isOpen()) {
                throw SimReject.unprocessable("order is already in \"" + o.status + "\" state");
            }
            if (!o.isWorking()) {
                throw SimReject.unprocessable("order is not replaceable in \"" + o.status + "\" state");
            }
            if (o.notional != null) {
                throw SimReject.unprocessable("notional orders cannot be replaced; cancel and submit a new order");
            }
            if ("oto".equals(o.orderClass)) {
                throw SimReject.unprocessable("oto orders cannot be replaced");
            }
            if (qty != null && (OrderRules.isFractional(qty) || OrderRules.isFractional(o.qty))) {
                throw SimReject.unprocessable("qty of fractional orders cannot be replaced; only whole shares can be patched");
            }
            if (limit != null && !(o.type.equals("limit") || o.type.equals("stop_limit"))) {
                throw SimReject.unprocessable("limit_price can only be replaced on limit and stop_limit orders");
            }
            if (stop != null && !(o.type.equals("stop") || o.type.equals("stop_limit"))) {
                throw SimReject.unprocessable("stop_price can only be replaced on stop and stop_limit orders");
            }
            if (!o.crypto) {
                OrderRules.requireTick("limit_price", limit);
                OrderRules.requireTick("stop_price", stop);
            }
            boolean changes = (qty != null && qty.compareTo(o.qty) != 0)
                    || (limit != null && limit.compareTo(o.limitPrice) != 0)
                    || (stop != null && stop.compareTo(o.stopPrice) != 0)
                    || (tif != null && !tif.equals(o.timeInForce));
            if (!changes) {
                throw SimReject.forbidden("order parameters are not changed");
            }
            if (qty != null && qty.compareTo(o.filledQty) <= 0) {
                throw SimReject.unprocessable("qty must be greater than the filled quantity");
            }
            requireUniqueClientId(a, clientOrderId);
            Instant now = Instant.now();
            SimOrder n = new SimOrder(a, o.symbol, o.crypto, o.side, o.orderClass, now);
            n.clientOrderId = clientOrderId != null ? clientOrderId : SimOrder.uuid();
            n.type = o.type;
            n.timeInForce = tif != null ? tif : o.timeInForce;
            n.qty = qty != null ? qty : o.qty;
            n.limitPrice = limit != null ? limit : o.limitPrice;
            n.stopPrice = stop != null ? stop : o.stopPrice;
            n.extendedHours = o.extendedHours;
            n.status = "new";
            n.replaces = o.id;
            n.parent = o.parent;
            if (o.parent != null) {
                o.parent.legs.set(o.parent.legs.indexOf(o), n);
            }
            n.legs.addAll(o.legs);
            n.legs.forEach(leg -> leg.parent = n);
            o.legs.clear();
            register(a, n);
            o.status = "replaced";
            o.replacedAt = now;
            o.replacedBy = n.id;
            o.updatedAt = now;
            closed(o);
            report("replaced", o, now);
            report("new", n, now);
            ObjectNode answer = n.toJson(true);
            arrive(n);
            return answer;
        }
    }

    // ---------------------------------------------------------------- DELETE /v2/orders/{id}

    void cancel(SimAccount a, String orderId) {
        synchronized (a) {
            SimOrder o = find(a, orderId);
            if (!o.isOpen()) {
                throw SimReject.unprocessable("order is already in \"" + o.status + "\" state");
            }
            // "If any one of the orders is canceled, any remaining open order in the group is canceled."
            SimOrder root = o.groupRoot();
            Instant now = Instant.now();
            end(root, "canceled", now);
            for (SimOrder leg : root.legs) {
                end(leg, "canceled", now);
            }
        }
    }

    /** Takes an open order out of the market with a final status and reports it. */
    private void end(SimOrder o, String status, Instant now) {
        if (!o.isOpen()) {
            return;
        }
        o.status = status;
        o.updatedAt = now;
        switch (status) {
            case "canceled" -> o.canceledAt = now;
            case "expired" -> o.expiredAt = now;
            case "rejected" -> o.failedAt = now;
            default -> { }
        }
        closed(o);
        report(status, o, now);
    }

    SimOrder find(SimAccount a, String orderId) {
        SimOrder o = a.ordersById.get(orderId);
        if (o == null) {
            throw SimReject.notFound();
        }
        return o;
    }

    // ---------------------------------------------------------------- sandbox controls

    /** Executes {@code qty} of a working order at {@code price}, as the market would (a partial fill if less than remains). */
    ObjectNode fill(SimAccount a, String orderId, BigDecimal qty, BigDecimal price) {
        synchronized (a) {
            SimOrder o = find(a, orderId);
            if (!o.isWorking()) {
                throw SimReject.unprocessable("order is not working (status \"" + o.status + "\")");
            }
            BigDecimal remaining = o.qty != null ? o.remaining() : balances.notionalQty(o.symbol, o.notional);
            execute(o, qty == null || remaining == null ? remaining : qty.min(remaining), price, Instant.now());
            return o.toJson(true);
        }
    }

    /** Ends a working order with status {@code expired} (time in force ran out) or {@code rejected} (venue reject). */
    void finish(SimAccount a, String orderId, String status) {
        synchronized (a) {
            SimOrder o = find(a, orderId);
            if (!o.isOpen()) {
                throw SimReject.unprocessable("order is already in \"" + o.status + "\" state");
            }
            Instant now = Instant.now();
            end(o, status, now);
            if (o.parent == null) {
                for (SimOrder leg : o.legs) {
                    end(leg, "canceled", now);
                }
            }
        }
    }

    /** A new market price: fills market orders waiting for one and every limit or stop it crosses. */
    void setPrice(String symbol, BigDecimal price) {
        prices.put(symbol, price);
        Set<SimOrder> waiting = waitingBySymbol.get(symbol);
        if (waiting == null) {
            return;
        }
        for (SimOrder o : waiting.toArray(new SimOrder[0])) {
            synchronized (o.account) {
                tryExecute(o, price, false);
            }
        }
    }

    // ---------------------------------------------------------------- execution

    /** A just-accepted (or just-activated) order meets the current price. */
    private void arrive(SimOrder o) {
        if (!o.isWorking()) {
            return;
        }
        BigDecimal price = prices.get(o.symbol);
        if (price != null) {
            tryExecute(o, price, true);
        }
        if (o.isWorking()) {
            waitingBySymbol.computeIfAbsent(o.symbol, s -> ConcurrentHashMap.newKeySet()).add(o);
        }
    }

    private void unwait(SimOrder o) {
        Set<SimOrder> waiting = waitingBySymbol.get(o.symbol);
        if (waiting != null) {
            waiting.remove(o);
        }
    }

    /**
     * Market orders fill at the price; limits fill when the price reaches them (at the market price
     * when marketable on arrival, at their limit when a later price crosses them); stops elect when
     * the price touches them and then act as market or limit orders.
     */
    private void tryExecute(SimOrder o, BigDecimal price, boolean onArrival) {
        if (!o.isWorking()) {
            return;
        }
        boolean buy = o.isBuy();
        if ((o.type.equals("stop") || o.type.equals("stop_limit")) && !o.stopElected) {
            boolean touched = buy ? price.compareTo(o.stopPrice) >= 0 : price.compareTo(o.stopPrice) <= 0;
            if (!touched) {
                return;
            }
            o.stopElected = true;
            onArrival = true; // an elected stop meets the market as it is now
        }
        BigDecimal fillPrice;
        switch (o.type) {
            case "market", "stop" -> fillPrice = price;
            default -> {
                boolean marketable = buy ? price.compareTo(o.limitPrice) <= 0 : price.compareTo(o.limitPrice) >= 0;
                if (!marketable) {
                    return;
                }
                fillPrice = onArrival ? price : o.limitPrice;
            }
        }
        BigDecimal qty = o.qty != null ? o.remaining() : o.notional.divide(fillPrice, 9, RoundingMode.DOWN);
        execute(o, qty, fillPrice, Instant.now());
    }

    private void execute(SimOrder o, BigDecimal qty, BigDecimal price, Instant now) {
        if (o.qty == null) {
            o.qty = qty; // a notional order's quantity is what its amount bought
        }
        BigDecimal filledBefore = o.filledQty;
        o.filledQty = filledBefore.add(qty);
        o.filledAvgPrice = filledBefore.signum() == 0 ? price
                : o.filledAvgPrice.multiply(filledBefore).add(price.multiply(qty))
                        .divide(o.filledQty, 9, RoundingMode.HALF_EVEN).stripTrailingZeros();
        o.updatedAt = now;
        boolean complete = o.filledQty.compareTo(o.qty) >= 0;
        o.status = complete ? "filled" : "partially_filled";
        BigDecimal signed = o.isBuy() ? qty : qty.negate();
        SimAccount.Position position = o.account.position(o.symbol, o.crypto);
        position.apply(signed, price);
        o.account.cash = o.account.cash.subtract(signed.multiply(price));
        if (position.qty.signum() == 0) {
            o.account.positions.remove(o.symbol);
        }
        reportFill(complete ? "fill" : "partial_fill", o, qty, price, position.qty, now);
        if (!complete) {
            return;
        }
        o.filledAt = now;
        closed(o);
        if (o.parent == null && !o.legs.isEmpty() && !"oco".equals(o.orderClass)) {
            for (SimOrder leg : o.legs) { // the entry filled: its exits go to work
                if ("held".equals(leg.status)) {
                    leg.status = "new";
                    leg.updatedAt = now;
                    report("new", leg, now);
                }
            }
            o.legs.forEach(this::arrive);
        }
        for (SimOrder other : exitPartners(o)) { // one exit filled: the other is canceled
            end(other, "canceled", now);
        }
    }

    /** The orders canceled when this one fills: a bracket's other exit, an OCO's other side. */
    private static List<SimOrder> exitPartners(SimOrder o) {
        List<SimOrder> partners = new ArrayList<>();
        if ("oco".equals(o.orderClass)) {
            SimOrder root = o.groupRoot();
            if (root != o) {
                partners.add(root);
            }
            root.legs.stream().filter(l -> l != o).forEach(partners::add);
        } else if (o.parent != null) {
            o.parent.legs.stream().filter(l -> l != o).forEach(partners::add);
        }
        return partners;
    }

    // ---------------------------------------------------------------- trade_updates

    private void report(String event, SimOrder o, Instant at) {
        if (updates.isListened(o.account)) {
            ObjectNode data = eventData(event, o);
            if (!event.equals("new")) {
                data.put("timestamp", at.toString());
            }
            updates.publish(o.account, data);
        }
    }

    private void reportFill(String event, SimOrder o, BigDecimal qty, BigDecimal price, BigDecimal positionQty,
            Instant at) {
        if (updates.isListened(o.account)) {
            ObjectNode data = eventData(event, o);
            data.put("timestamp", at.toString());
            data.put("price", SimJson.decimal(price));
            data.put("qty", SimJson.decimal(qty));
            data.put("position_qty", SimJson.decimal(positionQty));
            updates.publish(o.account, data);
        }
    }

    private static ObjectNode eventData(String event, SimOrder o) {
        ObjectNode data = SimJson.object();
        data.put("event", event);
        data.put("execution_id", SimOrder.uuid());
        data.set("order", o.toJson(true));
        return data;
    }

    /** Where account events go: the trade_updates stream. */
    interface TradeUpdates {
        boolean isListened(SimAccount account);

        /** Called under the account's lock, so events of one account leave in order. */
        void publish(SimAccount account, ObjectNode data);
    }
}
