package io.copygate.api;

import io.copygate.signal.CopyOrderState;

/** Query-parameter parsing with the API's error shape. */
final class Queries {
    private Queries() {
    }

    static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 100;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1 || n > 1000) {
                throw new ApiException(400, "limit", "limit must be between 1 and 1000, was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiException(400, "limit", "limit must be a whole number, was '" + value + "'");
        }
    }

    static CopyOrderState state(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return CopyOrderState.fromDb(value.trim());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "state", "unknown state '" + value
                    + "': expected planned, sent, acked, rejected, dead or discarded");
        }
    }

    static long id(String value, String field) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ApiException(404, field, "no " + field + " '" + value + "'");
        }
    }
}
