package io.copygate.store;

import java.sql.SQLException;

/** The database failed. Unchecked so that routes' error handlers see it as a retryable failure. */
public class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super("database error: " + cause.getMessage(), cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
