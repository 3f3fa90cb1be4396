package io.copygate.broker.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.signal.Instrument;
import java.math.BigDecimal;

/**
 * One open position from GET /v2/positions.
 *
 * @param quantity signed: negative for a short position
 */
public record AlpacaPosition(Instrument instrument, BigDecimal quantity, BigDecimal avgEntryPrice,
        BigDecimal marketValue, BigDecimal currentPrice, BigDecimal unrealizedPl) {

    static AlpacaPosition of(JsonNode p) {
        BigDecimal qty = AlpacaJson.decimal(p, "qty");
        if ("short".equals(AlpacaJson.text(p, "side")) && qty.signum() > 0) {
            qty = qty.negate();
        }
        return new AlpacaPosition(
                AlpacaSymbolCodec.decode(AlpacaJson.text(p, "symbol"), AlpacaJson.text(p, "asset_class")),
                qty,
                AlpacaJson.decimal(p, "avg_entry_price"),
                AlpacaJson.decimal(p, "market_value"),
                AlpacaJson.decimal(p, "current_price"),
                AlpacaJson.decimal(p, "unrealized_pl"));
    }
}
