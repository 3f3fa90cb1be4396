package io.copygate.broker;

import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;

/**
 * An adapter whose broker reports an account's equity (cash plus the market value of its positions),
 * for sizing by equity. Read in the background into the gateway's equity cache, never while planning.
 */
public interface AccountEquitySource {

    /** The account's current equity in its account currency, without holding the calling thread. */
    CompletableFuture<BigDecimal> equityAsync(BrokerAccount account);
}
