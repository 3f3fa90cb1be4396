package io.copygate.broker.paper;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paper broker's market: the last price per canonical symbol, from configured quotes, from the
 * master's price carried by each copy order, and from {@code POST /api/paper/quotes}.
 */
public final class PaperQuotes {
    private final Map<String, BigDecimal> last = new ConcurrentHashMap<>();

    public PaperQuotes(Map<String, BigDecimal> initial) {
        last.putAll(initial);
    }

    public BigDecimal last(String symbol) {
        return last.get(symbol);
    }

    void set(String symbol, BigDecimal price) {
        last.put(symbol, price);
    }

    public Map<String, BigDecimal> all() {
        return Map.copyOf(last);
    }
}
