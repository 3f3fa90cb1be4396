package io.copygate.api;

import io.copygate.signal.CopyOrder;
import io.copygate.store.CopyOrderOutbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/orders?account=&state=&limit=}: copy orders, newest first. */
public final class OrdersApi {
    private final CopyOrderOutbox outbox;

    public OrdersApi(CopyOrderOutbox outbox) {
        this.outbox = outbox;
    }

    public List<Map<String, Object>> list(String account, String state, String limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CopyOrder o : outbox.list(account, Queries.state(state), Queries.limit(limit))) {
            out.add(view(o, outbox.brokerDetails(o.id())));
        }
        return out;
    }

    static Map<String, Object> view(CopyOrder o, Map<String, Object> broker) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("signalId", o.signalId());
        m.put("linkId", o.linkId());
        m.put("followerAccount", o.followerAccount());
        m.put("broker", o.broker());
        m.put("intent", o.intent());
        m.put("targetOrderId", o.targetOrderId());
        m.put("instrument", o.instrument().symbol());
        m.put("side", o.side());
        m.put("quantity", o.quantity());
        m.put("orderType", o.orderType());
        m.put("limitPrice", o.limitPrice());
        m.put("stopPrice", o.stopPrice());
        m.put("timeInForce", o.timeInForce());
        m.put("stopLoss", o.bracket() == null ? null : o.bracket().stopLoss());
        m.put("takeProfit", o.bracket() == null ? null : o.bracket().takeProfit());
        m.put("state", o.state().dbValue());
        m.put("attempts", o.attempts());
        m.put("lastError", o.lastError());
        m.put("receivedAt", o.signalReceivedAt());
        if (broker != null) {
            m.putAll(broker);
        }
        return m;
    }
}
