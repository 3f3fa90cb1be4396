package io.copygate.copy;

/** Copy rules that cannot be applied; names the field. */
public class InvalidCopyRulesException extends RuntimeException {
    private final String field;

    public InvalidCopyRulesException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
