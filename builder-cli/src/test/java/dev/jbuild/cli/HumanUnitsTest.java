package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Sizes and ages in docker's words (go-units' HumanSizeWithPrecision(3) and HumanDuration). */
class HumanUnitsTest {

    @Test
    void sizesHaveThreeSignificantDigitsInPowersOfAThousand() {
        assertEquals("0B", HumanUnits.size(0));
        assertEquals("999B", HumanUnits.size(999));
        assertEquals("1kB", HumanUnits.size(1000));
        assertEquals("1.98MB", HumanUnits.size(1_984_000));
        assertEquals("123MB", HumanUnits.size(123_400_000));
        assertEquals("1e+03kB", HumanUnits.size(999_999));
        assertEquals("2.15GB", HumanUnits.size(2_147_483_648L));
    }

    @Test
    void durationsAreDockersPhrases() {
        assertEquals("Less than a second", HumanUnits.duration(Duration.ofMillis(500)));
        assertEquals("45 seconds", HumanUnits.duration(Duration.ofSeconds(45)));
        assertEquals("About a minute", HumanUnits.duration(Duration.ofSeconds(90)));
        assertEquals("About an hour", HumanUnits.duration(Duration.ofMinutes(80)));
        assertEquals("2 hours", HumanUnits.duration(Duration.ofMinutes(100)));
        assertEquals("3 days", HumanUnits.duration(Duration.ofDays(3)));
        assertEquals("3 weeks", HumanUnits.duration(Duration.ofDays(25)));
        assertEquals("5 months", HumanUnits.duration(Duration.ofDays(150)));
        assertEquals("3 years", HumanUnits.duration(Duration.ofDays(1100)));
    }
}
