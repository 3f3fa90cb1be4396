package io.copygate.api;

import io.copygate.delivery.DeadLetters;
import io.copygate.signal.CopyOrder;
import io.copygate.store.DeadLetterStore;
import java.util.List;
import java.util.Map;

/** {@code GET /api/dead-letters}, {@code POST /api/dead-letters/{id}/replay}, {@code .../discard}. */
public final class DeadLettersApi {
    private final DeadLetterStore store;
    private final DeadLetters deadLetters;

    public DeadLettersApi(DeadLetterStore store, DeadLetters deadLetters) {
        this.store = store;
        this.deadLetters = deadLetters;
    }

    public List<DeadLetterStore.DeadLetter> list(String status, String limit) {
        if (status != null && !status.matches("open|replayed|discarded")) {
            throw new ApiException(400, "status", "unknown status '" + status + "': expected open, replayed or discarded");
        }
        return store.list(status, Queries.limit(limit));
    }

    /** Re-opens the order; the route then sends it to its destination with the same client order id. */
    public CopyOrder replay(String id, String actor) {
        return deadLetters.replay(Queries.id(id, "dead letter"), actor == null ? "api" : actor);
    }

    public Map<String, Object> discard(String id, String actor) {
        long n = Queries.id(id, "dead letter");
        deadLetters.discard(n, actor == null ? "api" : actor);
        return Map.of("id", n, "status", "discarded");
    }

    public Map<String, Object> replayed(CopyOrder order, String id) {
        return Map.of("id", Long.parseLong(id), "status", "replayed", "copyOrderId", order.id());
    }
}
