package io.copygate.sim.binance;

/** A Binance error answer {@code {"code","msg"}} with its HTTP status, thrown by the sandbox's handlers. */
class BinanceError extends RuntimeException {
    final int status;
    final int code;
    final long retryAfterSeconds;

    BinanceError(int status, int code, String msg) {
        this(status, code, msg, -1);
    }

    BinanceError(int status, int code, String msg, long retryAfterSeconds) {
        super(msg, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static BinanceError mandatory(String param) {
        return new BinanceError(400, -1102, "Mandatory parameter '" + param + "' was not sent, was empty/null, or malformed.");
    }

    static BinanceError notRequired(String param) {
        return new BinanceError(400, -1106, "Parameter '" + param + "' sent when not required.");
    }

    static BinanceError rejected(String msg) {
        return new BinanceError(400, -2010, msg);
    }

    static BinanceError filter(String filter) {
        return new BinanceError(400, -1013, "Filter failure: " + filter);
    }
}
