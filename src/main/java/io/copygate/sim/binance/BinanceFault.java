package io.copygate.sim.binance;

/** Faults a test can make the Binance sandbox answer with, once each (see {@link BinanceSandbox#injectFault}). */
public enum BinanceFault {
    /** HTTP 503 before the request does anything. */
    UNAVAILABLE_BEFORE,
    /** The request takes effect, then HTTP 500 (Binance: execution status unknown). */
    SERVER_ERROR_AFTER,
    /** The request takes effect, then {@code -1007 TIMEOUT} (send and execution status unknown). */
    TIMEOUT_1007_AFTER,
    /** The request takes effect, then no answer until the client gives up. */
    NO_ANSWER_AFTER,
    /** HTTP 429 -1003 with Retry-After, the request does nothing. */
    RATE_LIMITED,
    /** HTTP 418 IP ban with Retry-After, the request does nothing. */
    IP_BANNED
}
