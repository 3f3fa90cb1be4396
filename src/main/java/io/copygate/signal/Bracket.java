package io.copygate.signal;

import java.math.BigDecimal;

/**
 * Protective exits attached to an entry, as absolute prices. Relative forms in the inbound
 * formats (percent, amount) are resolved against the signal's price by the normalizer, so
 * every follower sees the same levels.
 *
 * @param stopLoss        stop price of the stop-loss, or null
 * @param stopLossLimit   limit price when the stop-loss is a stop-limit, or null
 * @param takeProfit      limit price of the take-profit, or null
 */
public record Bracket(BigDecimal stopLoss, BigDecimal stopLossLimit, BigDecimal takeProfit) {

    public boolean isEmpty() {
        return stopLoss == null && takeProfit == null;
    }
}
