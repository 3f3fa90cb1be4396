package io.copygate.broker.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.SymbolRules;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each symbol's filters from {@code GET /api/v3/exchangeInfo?symbol=}, fetched once per host and
 * symbol and kept: LOT_SIZE (stepSize, minQty, maxQty), PRICE_FILTER (tickSize) and NOTIONAL or
 * the older MIN_NOTIONAL (minNotional), as {@link SymbolRules}.
 */
public final class BinanceExchangeInfo {
    private final BinanceClient client;
    private final Map<String, SymbolRules> cache = new ConcurrentHashMap<>();

    public BinanceExchangeInfo(BinanceClient client) {
        this.client = client;
    }

    public SymbolRules rules(BinanceConfig config, String symbol) {
        String key = config.restBase() + "|" + symbol;
        SymbolRules cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode info = client.publicGet(config, "/api/v3/exchangeInfo", Map.of("symbol", symbol));
        SymbolRules rules = parse(info, symbol);
        cache.put(key, rules);
        return rules;
    }

    static SymbolRules parse(JsonNode info, String symbol) {
        for (JsonNode s : info.path("symbols")) {
            if (!symbol.equals(s.path("symbol").asText())) {
                continue;
            }
            BigDecimal step = null;
            BigDecimal minQty = null;
            BigDecimal maxQty = null;
            BigDecimal tick = null;
            BigDecimal minNotional = null;
            for (JsonNode f : s.path("filters")) {
                switch (f.path("filterType").asText()) {
                    case "LOT_SIZE" -> {
                        step = decimal(f, "stepSize");
                        minQty = decimal(f, "minQty");
                        maxQty = decimal(f, "maxQty");
                    }
                    case "PRICE_FILTER" -> tick = decimal(f, "tickSize");
                    case "NOTIONAL" -> minNotional = decimal(f, "minNotional");
                    case "MIN_NOTIONAL" -> {
                        if (minNotional == null) {
                            minNotional = decimal(f, "minNotional");
                        }
                    }
                    default -> { }
                }
            }
            return new SymbolRules("Binance", symbol, step, minQty, maxQty, tick, minNotional);
        }
        throw new BrokerRejectedException("Binance does not list symbol " + symbol);
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : new BigDecimal(v.asText());
    }
}
