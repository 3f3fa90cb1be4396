package io.copygate.sim.alpaca;

/**
 * An answer Alpaca gives instead of doing what was asked, in its own error shape
 * {@code {"code": 40010001, "message": "..."}} (a null code renders the bare {@code {"message": ...}}
 * Alpaca's gateway uses for "forbidden.").
 */
final class SimReject extends RuntimeException {
    /** Request validation failures (422), as Alpaca numbers them (e.g. "client_order_id must be unique"). */
    static final int VALIDATION = 40010001;
    /** Order-content rejects such as sub-penny prices (422). */
    static final int UNPROCESSABLE = 42210000;
    /** Buying power, available quantity, unchanged replace parameters (403). */
    static final int FORBIDDEN = 40310000;
    static final int NOT_FOUND = 40410000;

    final int status;
    final Integer code;

    SimReject(int status, Integer code, String message) {
        super(message, null, false, false); // no stack trace: these are answers, not bugs
        this.status = status;
        this.code = code;
    }

    static SimReject invalid(String message) {
        return new SimReject(422, VALIDATION, message);
    }

    static SimReject unprocessable(String message) {
        return new SimReject(422, UNPROCESSABLE, message);
    }

    static SimReject forbidden(String message) {
        return new SimReject(403, FORBIDDEN, message);
    }

    static SimReject notFound() {
        return new SimReject(404, NOT_FOUND, "order not found");
    }
}
