package io.copygate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.delivery.KillSwitches;
import io.copygate.store.KillSwitchStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/kill-switches} (engage), {@code GET /api/kill-switches?engaged=true},
 * {@code GET /api/kill-switches/{id}}, {@code POST /api/kill-switches/{id}/release}.
 */
public final class KillSwitchesApi {
    private final KillSwitches killSwitches;
    private final KillSwitchStore store;

    public KillSwitchesApi(KillSwitches killSwitches, KillSwitchStore store) {
        this.killSwitches = killSwitches;
        this.store = store;
    }

    /** Body {@code {"scope": "link|account|tenant", "id": "...", "reason": "...", "flatten": true}}. */
    public KillSwitches.Engaged engage(String body, String actor) {
        JsonNode json = ApiJson.objectBody(body, "a JSON object with scope, id and reason");
        String scope = text(json, "scope");
        if (!scope.matches("link|account|tenant")) {
            throw new ApiException(422, "scope", "scope must be link, account or tenant, was " + scope);
        }
        String id = text(json, "id");
        String reason = text(json, "reason");
        JsonNode flatten = json.get("flatten");
        if (flatten != null && !flatten.isBoolean()) {
            throw new ApiException(422, "flatten", "flatten must be true or false");
        }
        try {
            return killSwitches.engage(scope, id, reason, flatten == null || flatten.asBoolean(), actor == null ? "api" : actor);
        } catch (KillSwitches.NoSuchSubjectException e) {
            throw new ApiException(404, e.field(), e.getMessage());
        } catch (KillSwitchStore.AlreadyEngagedException e) {
            throw new ApiException(409, "id", e.getMessage());
        }
    }

    public Map<String, Object> engaged(KillSwitches.Engaged engaged) {
        Map<String, Object> out = view(engaged.killSwitch());
        out.put("orders", engaged.orders().stream().map(o -> Map.of("id", o.id(), "account", o.followerAccount(),
                "intent", o.intent(), "symbol", o.instrument().symbol())).toList());
        return out;
    }

    public Map<String, Object> release(String id, String actor) {
        try {
            return view(killSwitches.release(Queries.id(id, "kill switch"), actor == null ? "api" : actor));
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "id", e.getMessage());
        }
    }

    public Map<String, Object> get(String id) {
        KillSwitchStore.KillSwitch k = store.find(Queries.id(id, "kill switch"));
        if (k == null) {
            throw new ApiException(404, "id", "no kill switch " + id);
        }
        return view(k);
    }

    public List<Map<String, Object>> list(String engaged, String limit) {
        if (engaged != null && !engaged.matches("true|false")) {
            throw new ApiException(400, "engaged", "engaged must be true or false");
        }
        return store.list("true".equals(engaged), Queries.limit(limit)).stream().map(KillSwitchesApi::view).toList();
    }

    private static Map<String, Object> view(KillSwitchStore.KillSwitch k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("scope", k.scope());
        m.put("subject", k.subject());
        m.put("reason", k.reason());
        m.put("flatten", k.flatten());
        m.put("engaged", k.engaged());
        m.put("signalId", k.signalId());
        m.put("engagedAt", k.engagedAt());
        m.put("engagedBy", k.engagedBy());
        m.put("releasedAt", k.releasedAt());
        m.put("releasedBy", k.releasedBy());
        return m;
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ApiException(422, field, field + " is required");
        }
        return v.asText();
    }
}
