package io.copygate.ingest;

import io.copygate.signal.InvalidSignalException;
import java.nio.charset.StandardCharsets;

/** Refuses webhook bodies above a size (413) before anything parses them. */
public final class BodyLimit {
    private final int maxBytes;

    public BodyLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public void check(String body) {
        int size = body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxBytes) {
            throw new InvalidSignalException(413, "body", "the body is " + size + " bytes; the limit is " + maxBytes);
        }
    }
}
