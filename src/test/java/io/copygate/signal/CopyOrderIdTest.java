package io.copygate.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CopyOrderIdTest {
    @Test
    void sameInputsSameIdAndEveryVenueAcceptsItsShape() {
        String id = CopyOrderId.of("signal-1", "follower-1");
        assertEquals(id, CopyOrderId.of("signal-1", "follower-1"), "retries and recovery must re-send the same id");
        assertNotEquals(id, CopyOrderId.of("signal-1", "follower-2"));
        assertNotEquals(id, CopyOrderId.of("signal-1", "follower-1", "cancel:x"));
        assertTrue(id.matches("cg[a-z2-7]{16}"), id);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(CopyOrderId.of("s" + i, "f")), "collision at " + i);
        }
    }
}
