package io.copygate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.paper.PaperBroker;
import io.copygate.broker.paper.PaperQuotes;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The paper market: {@code POST /api/paper/quotes} is a trade ({@code symbol}, {@code price}, optional
 * {@code quantity}: without it the trade fills every working order it crosses, with it only that many
 * in all, oldest order first, so a limit can fill in parts); {@code GET /api/paper/orders?account=}.
 */
public final class PaperApi {
    private final PaperBroker paper;
    private final PaperQuotes quotes;

    public PaperApi(PaperBroker paper, PaperQuotes quotes) {
        this.paper = paper;
        this.quotes = quotes;
    }

    public Map<String, BigDecimal> trade(String body) {
        JsonNode json;
        try {
            json = ApiJson.MAPPER.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            throw new ApiException(400, null, "malformed JSON: " + e.getMessage());
        }
        if (json == null || !json.hasNonNull("symbol")) {
            throw new ApiException(422, "symbol", "symbol is required (canonical, e.g. ESZ25)");
        }
        BigDecimal price;
        try {
            price = new BigDecimal(json.path("price").asText());
        } catch (NumberFormatException e) {
            throw new ApiException(422, "price", "price must be a number");
        }
        if (price.signum() <= 0) {
            throw new ApiException(422, "price", "price must be greater than zero");
        }
        BigDecimal size = null;
        if (json.hasNonNull("quantity")) {
            try {
                size = new BigDecimal(json.get("quantity").asText());
            } catch (NumberFormatException e) {
                throw new ApiException(422, "quantity", "quantity must be a number");
            }
            if (size.signum() <= 0) {
                throw new ApiException(422, "quantity", "quantity must be greater than zero");
            }
        }
        paper.trade(json.get("symbol").asText(), price, size);
        return quotes.all();
    }

    public List<Map<String, Object>> orders(String account) {
        if (account == null || account.isBlank()) {
            throw new ApiException(400, "account", "account is required");
        }
        return paper.orders(account);
    }
}
