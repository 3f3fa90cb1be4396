package io.copygate.signal;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One order for one follower account, planned from one signal: the unit the outbox stores, the
 * destination routes deliver and the brokers see. Quantities are after sizing; prices are the
 * master's, in the canonical instrument's terms (each adapter maps symbol and format).
 *
 * @param id             the client order id (see {@link CopyOrderId})
 * @param targetOrderId  for CANCEL/MODIFY: the client order id of the working copy it acts on
 * @param referencePrice the master's price at the signal, for paper fills and slippage checks
 * @param attempts       deliveries started so far; above zero the outcome of an earlier attempt may
 *                       be unknown, so the broker is asked for the id before anything is re-sent
 */
public record CopyOrder(
        String id,
        String signalId,
        String linkId,
        String tenant,
        String followerAccount,
        String broker,
        OrderIntent intent,
        String targetOrderId,
        Instrument instrument,
        Side side,
        BigDecimal quantity,
        OrderType orderType,
        BigDecimal limitPrice,
        BigDecimal stopPrice,
        TimeInForce timeInForce,
        Bracket bracket,
        BigDecimal referencePrice,
        CopyOrderState state,
        int attempts,
        Instant signalReceivedAt,
        String lastError) {

    public CopyOrder withState(CopyOrderState newState) {
        return new CopyOrder(id, signalId, linkId, tenant, followerAccount, broker, intent, targetOrderId,
                instrument, side, quantity, orderType, limitPrice, stopPrice, timeInForce, bracket, referencePrice,
                newState, attempts, signalReceivedAt, lastError);
    }

    public CopyOrder withAttempts(int newAttempts) {
        return new CopyOrder(id, signalId, linkId, tenant, followerAccount, broker, intent, targetOrderId,
                instrument, side, quantity, orderType, limitPrice, stopPrice, timeInForce, bracket, referencePrice,
                state, newAttempts, signalReceivedAt, lastError);
    }
}
