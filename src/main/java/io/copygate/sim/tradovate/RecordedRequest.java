package io.copygate.sim.tradovate;

import java.util.Map;

/** One HTTP request the Tradovate sandbox received, as sent (headers keyed in lower case). */
public record RecordedRequest(String method, String pathAndQuery, Map<String, String> headers, String body) {

    public String path() {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }
}
