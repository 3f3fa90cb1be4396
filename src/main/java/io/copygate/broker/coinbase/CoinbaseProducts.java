package io.copygate.broker.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.SymbolRules;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each product's rules from {@code GET /api/v3/brokerage/products/{product_id}}, fetched once per host
 * and product: {@code base_increment}, {@code base_min_size}, {@code base_max_size}, the price tick
 * ({@code price_increment}, else {@code quote_increment}) and {@code quote_min_size} (minimum notional).
 */
public final class CoinbaseProducts {
    private final CoinbaseClient client;
    private final Map<String, SymbolRules> cache = new ConcurrentHashMap<>();

    public CoinbaseProducts(CoinbaseClient client) {
        this.client = client;
    }

    public SymbolRules rules(CoinbaseConfig config, CoinbaseAuth auth, String productId) {
        String key = config.restBase() + "|" + productId;
        SymbolRules cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        SymbolRules rules;
        try {
            rules = parse(client.get(config, auth, "/products/" + productId, null));
        } catch (io.copygate.broker.BrokerRejectedException e) {
            // e.g. 404 NOT_FOUND for BTC-USDT: say which product, in Coinbase's words too
            throw new io.copygate.broker.BrokerRejectedException("Coinbase does not list product " + productId + " ("
                    + e.getMessage() + ")");
        }
        cache.put(key, rules);
        return rules;
    }

    static SymbolRules parse(JsonNode p) {
        BigDecimal tick = decimal(p, "price_increment") != null ? decimal(p, "price_increment") : decimal(p, "quote_increment");
        return new SymbolRules("Coinbase", p.path("product_id").asText(), decimal(p, "base_increment"),
                decimal(p, "base_min_size"), decimal(p, "base_max_size"), tick, decimal(p, "quote_min_size"));
    }

    private static BigDecimal decimal(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : new BigDecimal(v.asText());
    }
}
