package io.copygate.copy;

import io.copygate.signal.Instrument;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What the risk guards read about a follower account: kill switches, orders, fills, positions, prices. */
public interface RiskState {

    /** The engaged kill switch over this link, its follower account or its tenant, as a sentence; null when none. */
    String killSwitch(String linkId, String account, String tenant);

    /** False when no kill switch is engaged anywhere: one read per signal spares one per link. */
    default boolean anyKillSwitchEngaged() {
        return true;
    }

    /** The follower account's own limits ({@code accounts[].risk}), or null. */
    RiskLimits accountLimits(String account);

    /** The tenant's limits ({@code tenants[].risk}), applied to each of its follower accounts; null when none. */
    default RiskLimits tenantLimits(String tenant) {
        return null;
    }

    /** Orders of the account that may be working at its broker. */
    int workingOrders(String account);

    /** Orders planned for the account since {@code since}. */
    int ordersPlannedSince(String account, Instant since);

    /** Realized P&amp;L net of fees of the account's fills since {@code since}. */
    BigDecimal realizedSince(String account, Instant since);

    /** Realized P&amp;L net of fees of all the account's fills. */
    BigDecimal realizedTotal(String account);

    /** The highest the account's cumulative realized P&amp;L has been (zero before any fill). */
    BigDecimal realizedPeak(String account);

    List<OpenPosition> openPositions(String account);

    /** The latest known price of the instrument (a signal's or a fill's), or null. */
    BigDecimal markPrice(String symbol);

    /** The follower venue's latest price for the instrument, or null. */
    BigDecimal lastPrice(String broker, String symbol);

    record OpenPosition(Instrument instrument, BigDecimal quantity, BigDecimal averagePrice) {
    }
}
