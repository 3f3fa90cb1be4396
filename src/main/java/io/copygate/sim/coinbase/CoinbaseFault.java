package io.copygate.sim.coinbase;

/** Faults a test can make the Coinbase sandbox answer with, once each (see {@link CoinbaseSandbox#injectFault}). */
public enum CoinbaseFault {
    /** HTTP 503 before the request does anything. */
    UNAVAILABLE_BEFORE,
    /** The request takes effect, then HTTP 500. */
    SERVER_ERROR_AFTER,
    /** The request takes effect, then no answer until the client gives up. */
    NO_ANSWER_AFTER,
    /** HTTP 429, the request does nothing. */
    RATE_LIMITED
}
