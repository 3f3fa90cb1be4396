package io.copygate.sim.kraken;

/** Faults a test can make the Kraken sandbox answer with, once each (see {@link KrakenSandbox#injectFault}). */
public enum KrakenFault {
    /** HTTP 503 before the request does anything (Cloudflare). */
    UNAVAILABLE_BEFORE,
    /** The request takes effect, then {@code EGeneral:Internal error} (HTTP 500). */
    INTERNAL_ERROR_AFTER,
    /** The request takes effect, then no answer until the client gives up. */
    NO_ANSWER_AFTER,
    /** {@code EAPI:Rate limit exceeded}, the request does nothing. */
    RATE_LIMITED,
    /** {@code EAPI:Invalid nonce}, the request does nothing (as when a later nonce overtook it). */
    INVALID_NONCE,
    /** {@code EService:Unavailable}, the request does nothing. */
    SERVICE_UNAVAILABLE
}
