package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransferLimitsTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty(TransferLimits.IDLE_PROPERTY);
        System.clearProperty(TransferLimits.FLOOR_PROPERTY);
        System.clearProperty(TransferLimits.RATE_PROPERTY);
    }

    @Test
    void deadlineIsTheFloorPlusTheSizeAtTheMinimumRate() {
        assertEquals(Duration.ofMinutes(5), TransferLimits.DEFAULT.deadlineFor(0));
        // A 1 GiB layer at 32 KiB/s: 32768 s on top of the 5-minute floor.
        assertEquals(Duration.ofMinutes(5).plusSeconds(32768), TransferLimits.DEFAULT.deadlineFor(1L << 30));
    }

    @Test
    void systemPropertiesOverrideEachLimit() {
        System.setProperty(TransferLimits.IDLE_PROPERTY, "1.5");
        System.setProperty(TransferLimits.FLOOR_PROPERTY, "2");
        System.setProperty(TransferLimits.RATE_PROPERTY, "1024");

        assertEquals(new TransferLimits(Duration.ofMillis(1500), Duration.ofSeconds(2), 1024),
                TransferLimits.fromSystemProperties());
    }

    @Test
    void defaultsWithoutProperties() {
        assertEquals(TransferLimits.DEFAULT, TransferLimits.fromSystemProperties());
    }

    @Test
    void badPropertyNamesItself() {
        System.setProperty(TransferLimits.IDLE_PROPERTY, "soon");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, TransferLimits::fromSystemProperties);

        assertEquals("system property jbuild.registry.idleTimeoutSeconds must be a number, got \"soon\"", e.getMessage());
    }

    @Test
    void zeroIdleTimeoutIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TransferLimits(Duration.ZERO, Duration.ofSeconds(1), 1));
    }
}
