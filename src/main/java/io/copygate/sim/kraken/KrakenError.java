package io.copygate.sim.kraken;

/** A Kraken error string ({@code E<Category>:<text>}), answered in {@code error[]} with HTTP 200. */
final class KrakenError extends RuntimeException {
    KrakenError(String error) {
        super(error, null, false, false);
    }
}
