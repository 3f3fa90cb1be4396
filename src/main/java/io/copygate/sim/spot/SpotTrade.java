package io.copygate.sim.spot;

import java.math.BigDecimal;
import java.time.Instant;

/** One execution of a simulated order. Fees are zero in the sandboxes. */
public record SpotTrade(long tradeId, String orderId, BigDecimal quantity, BigDecimal price, BigDecimal quote,
                        boolean maker, Instant time) {
}
