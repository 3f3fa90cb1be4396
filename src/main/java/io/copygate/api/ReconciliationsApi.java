package io.copygate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.delivery.Reconciliations;
import io.copygate.store.ReconciliationStore;
import java.util.List;
import java.util.Map;

/** {@code POST /api/reconciliations} (run now), {@code GET /api/reconciliations}, {@code GET /api/reconciliations/{id}}. */
public final class ReconciliationsApi {
    private final Reconciliations reconciliations;
    private final ReconciliationStore store;

    public ReconciliationsApi(Reconciliations reconciliations, ReconciliationStore store) {
        this.reconciliations = reconciliations;
        this.store = store;
    }

    /** Body empty or {@code {"link": "...", "account": "..."}}: the run is over every active link, or those named. */
    public Reconciliations.Run run(String body, String actor) {
        String link = null;
        String account = null;
        if (body != null && !body.isBlank()) {
            JsonNode json = ApiJson.objectBody(body, "a JSON object, optionally with link or account");
            for (java.util.Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("link") && !f.equals("account")) {
                    throw new ApiException(400, f, "unknown field '" + f + "': a run takes link or account");
                }
            }
            link = text(json, "link");
            account = text(json, "account");
        }
        try {
            return reconciliations.run("api", actor == null ? "api" : actor, link, account);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, link != null && e.getMessage().contains("link") ? "link" : "account", e.getMessage());
        }
    }

    public Map<String, Object> view(Reconciliations.Run run) {
        return find(run.id());
    }

    public Map<String, Object> get(String id) {
        return find(Queries.id(id, "reconciliation"));
    }

    public List<Map<String, Object>> list(String limit) {
        return store.recent(Queries.limit(limit));
    }

    private Map<String, Object> find(long id) {
        Map<String, Object> run = store.find(id);
        if (run == null) {
            throw new ApiException(404, "id", "no reconciliation " + id);
        }
        return run;
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new ApiException(400, field, field + " must be a non-empty string");
        }
        return v.asText();
    }
}
