package io.copygate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.copy.InstrumentCatalog;
import io.copygate.delivery.Flattens;
import io.copygate.delivery.KillSwitches;
import io.copygate.ingest.TickerParser;
import io.copygate.signal.Instrument;
import io.copygate.signal.InvalidSignalException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/flatten} {@code {"scope": "account|instrument|tenant", "subject": "...", "instrument": "..."}}:
 * cancels and closes there now; copying goes on (a kill switch is the way to stop it).
 */
public final class FlattenApi {
    private final Flattens flattens;
    private final TickerParser tickers;
    private final InstrumentCatalog catalog;

    public FlattenApi(Flattens flattens, TickerParser tickers, InstrumentCatalog catalog) {
        this.flattens = flattens;
        this.tickers = tickers;
        this.catalog = catalog;
    }

    public Flattens.Flattened flatten(String body, String actor) {
        JsonNode json = ApiJson.objectBody(body, "a JSON object with scope and subject");
        json.fieldNames().forEachRemaining(f -> {
            if (!f.matches("scope|subject|instrument")) {
                throw new ApiException(400, f, "unknown field '" + f + "': expected scope, subject, instrument");
            }
        });
        String scope = text(json, "scope", true);
        if (!scope.matches("account|instrument|tenant")) {
            throw new ApiException(400, "scope", "scope must be account, instrument or tenant, was " + scope);
        }
        String subject = text(json, "subject", true);
        String ticker = text(json, "instrument", false);
        if (scope.equals("instrument")) {
            if (ticker != null && !ticker.equals(subject)) {
                throw new ApiException(400, "instrument", "scope instrument names its instrument as subject; leave instrument out");
            }
            ticker = subject;
        }
        Instrument instrument = null;
        if (ticker != null) {
            try {
                instrument = catalog.resolve(tickers.parse(ticker));
            } catch (InvalidSignalException e) {
                throw new ApiException(400, scope.equals("instrument") ? "subject" : "instrument", e.getMessage());
            }
        }
        try {
            return flattens.flatten(scope, subject, instrument, actor == null ? "api" : actor);
        } catch (KillSwitches.NoSuchSubjectException e) {
            throw new ApiException(404, e.field(), e.getMessage());
        }
    }

    public Map<String, Object> view(Flattens.Flattened f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("signalId", f.signal().id());
        out.put("instrument", f.signal().instrument() == null ? null : f.signal().instrument().symbol());
        out.put("orders", f.orders().stream().map(o -> Map.of("id", o.id(), "account", o.followerAccount(),
                "intent", o.intent(), "symbol", o.instrument().symbol(), "side", o.side(), "quantity", o.quantity())).toList());
        return out;
    }

    private static String text(JsonNode json, String field, boolean required) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ApiException(400, field, field + " is required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new ApiException(400, field, field + " must be a non-empty string");
        }
        return v.asText();
    }
}
