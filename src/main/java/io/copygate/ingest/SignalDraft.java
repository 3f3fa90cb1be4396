package io.copygate.ingest;

import io.copygate.signal.Signal;
import java.time.Clock;
import java.util.UUID;

/**
 * What every normalizer starts from: a new signal id, the master account and tenant the request was
 * authenticated as, the source channel and the time it arrived.
 */
final class SignalDraft {
    private SignalDraft() {
    }

    static Signal.Builder start(String source, String masterAccount, String tenant, String body, Clock clock) {
        return Signal.builder()
                .id(UUID.randomUUID().toString())
                .source(source)
                .masterAccount(masterAccount)
                .tenant(tenant)
                .receivedTime(clock.instant())
                .raw(body);
    }
}
