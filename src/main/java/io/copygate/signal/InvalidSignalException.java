package io.copygate.signal;

/**
 * Input that cannot become a signal. Carries the offending field so the caller gets
 * {@code {"error": ..., "field": ...}} and an HTTP status: 400 for a body that cannot be
 * read at all, 422 for a readable body whose content is wrong.
 */
public class InvalidSignalException extends RuntimeException {
    private final String field;
    private final int status;

    public InvalidSignalException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static InvalidSignalException malformed(String message) {
        return new InvalidSignalException(400, null, message);
    }

    public static InvalidSignalException invalid(String field, String message) {
        return new InvalidSignalException(422, field, message);
    }

    public String field() {
        return field;
    }

    public int status() {
        return status;
    }
}
