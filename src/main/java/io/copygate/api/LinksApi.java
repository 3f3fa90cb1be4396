package io.copygate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.copy.CopyRules;
import io.copygate.copy.InvalidCopyRulesException;
import io.copygate.copy.RuleBook;
import io.copygate.copy.SizingRule;
import io.copygate.delivery.AccountEquities;
import io.copygate.store.AccountStore;
import io.copygate.store.AuditLog;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/links}, {@code GET /api/links/{id}}, {@code PUT /api/links/{id}/rules} (the whole rules
 * JSON, checked like gateway.yaml's by {@link RuleBook}: a bad one answers 400 naming the field and changes
 * nothing), {@code POST /api/links/{id}/pause} and {@code /resume}. Every change is audited with its actor.
 * The planner reads the links from the store for every signal, so the next signal sees the change.
 */
public final class LinksApi {
    private final AccountStore accounts;
    private final RuleBook ruleBook;
    private final AuditLog audit;
    private final AccountEquities equities;

    public LinksApi(AccountStore accounts, RuleBook ruleBook, AuditLog audit, AccountEquities equities) {
        this.accounts = accounts;
        this.ruleBook = ruleBook;
        this.audit = audit;
        this.equities = equities;
    }

    public List<Map<String, Object>> list() {
        return accounts.links().stream().map(LinksApi::view).toList();
    }

    public Map<String, Object> get(String id) {
        return view(link(id));
    }

    public Map<String, Object> putRules(String id, String body, String actor) {
        AccountStore.LinkRow before = link(id);
        JsonNode json = ApiJson.objectBody(body, "the link's whole rules as a JSON object, e.g. {\"multiplier\": 2}");
        CopyRules rules;
        try {
            rules = ruleBook.check(json.toString());
        } catch (InvalidCopyRulesException e) {
            throw new ApiException(400, e.field(), e.getMessage());
        }
        String stored = rules.toJson();
        accounts.setLinkRules(id, stored);
        audit.record(who(actor), "link.rules", "link:" + id, before.rulesJson() + " → " + stored);
        if (SizingRule.of(rules).needsEquity()) {
            // sized by equity from the next signal on: read the accounts' equity now rather than at that signal
            equities.track(List.of(before.masterAccount(), before.followerAccount()), Duration.ofSeconds(2));
        }
        return view(link(id));
    }

    public Map<String, Object> pause(String id, String actor) {
        return status(id, "paused", actor);
    }

    public Map<String, Object> resume(String id, String actor) {
        return status(id, "active", actor);
    }

    private Map<String, Object> status(String id, String status, String actor) {
        AccountStore.LinkRow before = link(id);
        accounts.setLinkStatus(id, status);
        if (!status.equals(before.status())) {
            audit.record(who(actor), status.equals("paused") ? "link.pause" : "link.resume", "link:" + id,
                    before.status() + " → " + status);
        }
        return view(link(id));
    }

    private AccountStore.LinkRow link(String id) {
        return accounts.links().stream().filter(l -> l.id().equals(id)).findFirst()
                .orElseThrow(() -> new ApiException(404, "id", "no copy link " + id));
    }

    private static String who(String actor) {
        return actor == null || actor.isBlank() ? "api" : actor;
    }

    private static Map<String, Object> view(AccountStore.LinkRow l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("tenant", l.tenant());
        m.put("master", l.masterAccount());
        m.put("follower", l.followerAccount());
        m.put("status", l.status());
        try {
            m.put("rules", ApiJson.MAPPER.readTree(l.rulesJson() == null ? "{}" : l.rulesJson()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored rules of link " + l.id() + " are not JSON", e);
        }
        return m;
    }
}
