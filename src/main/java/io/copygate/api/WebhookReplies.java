package io.copygate.api;

import io.copygate.store.SignalJournal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The answer a signal source gets once its signal is durable: {@code 202 {"signalId"...}} for a new
 * signal, {@code 200 {"signalId": <original>, "duplicate": true}} for a repeat, which placed nothing.
 */
public final class WebhookReplies {
    private final ApiJson json;

    public WebhookReplies(ApiJson json) {
        this.json = json;
    }

    public void journaled(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        SignalJournal.Entry entry = exchange.getMessage().getMandatoryBody(SignalJournal.Entry.class);
        Map<String, Object> body = new LinkedHashMap<>();
        if (entry.duplicate()) {
            body.put("signalId", entry.originalSignalId());
            body.put("duplicate", true);
            json.respond(exchange, body, 200);
        } else {
            body.put("signalId", entry.signal().id());
            body.put("duplicate", false);
            body.put("orders", entry.orders().size());
            body.put("skips", entry.skips().size());
            json.respond(exchange, body, 202);
        }
    }
}
