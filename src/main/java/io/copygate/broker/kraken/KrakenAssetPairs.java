package io.copygate.broker.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.SymbolRules;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each pair's trading rules from {@code GET /0/public/AssetPairs?pair=}, fetched once per host and
 * pair: {@code lot_decimals} (quantity step), {@code ordermin}, {@code tick_size} (or
 * {@code pair_decimals}) and {@code costmin}, as {@link SymbolRules} named by the altname.
 */
public final class KrakenAssetPairs {
    private final KrakenClient client;
    private final Map<String, SymbolRules> cache = new ConcurrentHashMap<>();

    public KrakenAssetPairs(KrakenClient client) {
        this.client = client;
    }

    public SymbolRules rules(KrakenConfig config, String altname) {
        String key = config.restBase() + "|" + altname;
        SymbolRules cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        SymbolRules rules = parse(client.publicCall(config, "AssetPairs", "pair=" + altname), altname);
        cache.put(key, rules);
        return rules;
    }

    static SymbolRules parse(JsonNode result, String altname) {
        for (JsonNode p : result) {
            if (!altname.equals(p.path("altname").asText())) {
                continue;
            }
            BigDecimal step = BigDecimal.ONE.movePointLeft(p.path("lot_decimals").asInt(8));
            BigDecimal tick = p.hasNonNull("tick_size") ? new BigDecimal(p.get("tick_size").asText())
                    : BigDecimal.ONE.movePointLeft(p.path("pair_decimals").asInt(1));
            BigDecimal ordermin = p.hasNonNull("ordermin") ? new BigDecimal(p.get("ordermin").asText()) : null;
            BigDecimal costmin = p.hasNonNull("costmin") ? new BigDecimal(p.get("costmin").asText()) : null;
            return new SymbolRules("Kraken", altname, step, ordermin, null, tick, costmin);
        }
        throw new BrokerRejectedException("Kraken does not list pair " + altname);
    }
}
