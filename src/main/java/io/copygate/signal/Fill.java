package io.copygate.signal;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One execution on an account, as its broker reported it.
 *
 * @param account        copygate's account id
 * @param fillId         the broker's execution id: fills are recorded once per (account, fillId)
 * @param clientOrderId  the copy order's id when copygate placed the order, else null
 * @param fee            commission and fees in the account currency (zero when the broker reports none)
 */
public record Fill(
        String account,
        String fillId,
        String brokerOrderId,
        String clientOrderId,
        Instrument instrument,
        Side side,
        BigDecimal quantity,
        BigDecimal price,
        BigDecimal fee,
        Instant time) {
}
