package io.copygate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.RateLimitedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    @Test
    void followsTheScheduleWithJitterAndHonoursRetryAfter() {
        RetrySchedule s = RetrySchedule.parse("1s,5s,15s,1m,5m", 0.2);
        assertEquals(5, s.retries());
        assertTrue(s.allows(5));
        assertFalse(s.allows(6));
        for (int i = 0; i < 200; i++) {
            long third = s.delayBefore(3, new BrokerUnavailableException("down")).toMillis();
            assertTrue(third >= 12_000 && third <= 18_000, "15 s ± 20%: " + third);
        }
        Duration wait = s.delayBefore(1, new RateLimitedException("429", Duration.ofSeconds(30)));
        assertTrue(wait.toMillis() >= 30_000, "never earlier than Retry-After: " + wait);
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse("1s,soon", 0.2));
    }
}
