package dev.jbuild.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceDateEpochTest {

    @Test
    void buildArgumentWinsOverTheEnvironment() {
        assertEquals(Optional.of(Instant.ofEpochSecond(10)),
                SourceDateEpoch.resolve(Map.of("SOURCE_DATE_EPOCH", "10"), Map.of("SOURCE_DATE_EPOCH", "20")));
    }

    @Test
    void environmentServesWhenNoBuildArgumentIsGiven() {
        assertEquals(Optional.of(Instant.ofEpochSecond(20)),
                SourceDateEpoch.resolve(Map.of(), Map.of("SOURCE_DATE_EPOCH", " 20 ")));
    }

    @Test
    void blankOrAbsentMeansNoFixedTime() {
        assertEquals(Optional.empty(), SourceDateEpoch.resolve(Map.of("SOURCE_DATE_EPOCH", ""), Map.of()));
    }

    @Test
    void notANumberIsRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SourceDateEpoch.resolve(Map.of("SOURCE_DATE_EPOCH", "yesterday"), Map.of()));
        assertTrue(e.getMessage().contains("'yesterday'"), e.getMessage());
    }
}
