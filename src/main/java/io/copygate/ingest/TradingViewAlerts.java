package io.copygate.ingest;

import io.copygate.signal.InvalidSignalException;
import io.copygate.signal.Signal;

/**
 * The TradingView webhook's body, whichever of the two formats it is in: TradersPost JSON or the
 * ATI key=value text. TradingView sends JSON as application/json and anything else as text/plain,
 * so the format is told by content, not by header.
 */
public final class TradingViewAlerts {
    private final TradersPostAlert json;
    private final AtiCommand text;

    public TradingViewAlerts(TradersPostAlert json, AtiCommand text) {
        this.json = json;
        this.text = text;
    }

    public Signal normalize(String body, String masterAccount, String tenant) {
        if (body == null || body.isBlank()) {
            throw InvalidSignalException.malformed("the body is empty");
        }
        return AtiCommand.looksLike(body) ? text.normalize(body, masterAccount, tenant)
                : json.normalize(body, masterAccount, tenant);
    }
}
