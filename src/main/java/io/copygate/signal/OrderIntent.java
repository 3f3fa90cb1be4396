package io.copygate.signal;

/** What a copy order asks its broker to do. */
public enum OrderIntent {
    /** Place a new order under the copy order's own client order id. */
    PLACE,
    /** Cancel the working order whose client order id is {@code targetOrderId}. */
    CANCEL,
    /** Change quantity/prices of the working order whose client order id is {@code targetOrderId}. */
    MODIFY
}
