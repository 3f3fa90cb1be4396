package io.copygate.copy;

import io.copygate.signal.Instrument;
import java.math.BigDecimal;
import java.util.Map;

/** A follower's current signed positions, as the gateway knows them from fills. */
public interface PositionBook {

    /** The signed position in one instrument (zero when flat). */
    BigDecimal quantity(String account, String symbol);

    /** Every non-zero position of the account. */
    Map<Instrument, BigDecimal> open(String account);
}
