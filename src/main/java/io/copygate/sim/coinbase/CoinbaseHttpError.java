package io.copygate.sim.coinbase;

/** A non-200 Coinbase answer {@code {"error","error_details","message"}}. */
final class CoinbaseHttpError extends RuntimeException {
    final int status;
    final String error;
    final String details;

    CoinbaseHttpError(int status, String error, String message, String details) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.details = details;
    }

    static CoinbaseHttpError unauthenticated(String why) {
        return new CoinbaseHttpError(401, "UNAUTHENTICATED", "Unauthorized", why);
    }
}
