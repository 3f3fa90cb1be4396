package io.copygate.api;

import io.copygate.signal.CopyOrder;
import io.copygate.store.CopyOrderOutbox;
import io.copygate.store.SignalJournal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/signals} and {@code GET /api/signals/{id}} (with its copy orders and skips). */
public final class SignalsApi {
    private final SignalJournal journal;
    private final CopyOrderOutbox outbox;

    public SignalsApi(SignalJournal journal, CopyOrderOutbox outbox) {
        this.journal = journal;
        this.outbox = outbox;
    }

    public List<Map<String, Object>> list(String master, String limit) {
        return journal.recent(master, Queries.limit(limit));
    }

    public Map<String, Object> get(String id) {
        Map<String, Object> signal = journal.find(id);
        if (signal == null) {
            throw new ApiException(404, "id", "no signal " + id);
        }
        Map<String, Object> out = new LinkedHashMap<>(signal);
        List<Map<String, Object>> orders = new ArrayList<>();
        for (CopyOrder o : outbox.ofSignal(id)) {
            orders.add(OrdersApi.view(o, outbox.brokerDetails(o.id())));
        }
        out.put("orders", orders);
        out.put("skips", journal.skipsOf(id));
        return out;
    }
}
