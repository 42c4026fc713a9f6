package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(1000));

    @Test
    void retriesServerErrorsAndRateLimitsButNotClientErrors() {
        for (int status : new int[] {500, 502, 503, 504, 429, 408}) {
            assertTrue(policy.isRetryableStatus(status), "status " + status);
        }
        for (int status : new int[] {200, 400, 401, 403, 404, 416, 501}) {
            assertFalse(policy.isRetryableStatus(status), "status " + status);
        }
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        for (int i = 0; i < 50; i++) {
            long first = policy.backoff(1, null).toMillis();
            long third = policy.backoff(3, null).toMillis();
            long tenth = policy.backoff(10, null).toMillis();
            assertTrue(first >= 50 && first <= 100, "first " + first);
            assertTrue(third >= 200 && third <= 400, "third " + third);
            assertTrue(tenth >= 500 && tenth <= 1000, "tenth " + tenth);
        }
    }

    @Test
    void honoursRetryAfterSecondsWithinTheCap() {
        assertEquals(Duration.ZERO, policy.backoff(1, "0"));
        assertEquals(Duration.ofMillis(1000), policy.backoff(1, "120"));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
