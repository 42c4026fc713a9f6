package dev.jbuild.grammar.golang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's duration syntax, which HEALTHCHECK flags use. */
class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "+0, 0",
        "1ns, 1",
        "1us, 1000",
        "1\u00b5s, 1000",
        "1\u03bcs, 1000",
        "1.5ms, 1500000",
        "30s, 30000000000",
        "1m30s, 90000000000",
        "1h, 3600000000000",
        "2h45m, 9900000000000",
        ".5s, 500000000",
        "1.s, 1000000000",
        "-1.5h, -5400000000000",
        "1h1m1s1ms1us1ns, 3661001001001",
    })
    void readsGoDurations(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), GoDuration.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|invalid duration \"\"",
        "-|invalid duration \"-\"",
        "5|missing unit in duration \"5\"",
        "1h5|missing unit in duration \"1h5\"",
        "5x|unknown unit \"x\" in duration \"5x\"",
        "5 s|unknown unit \" s\" in duration \"5 s\"",
        ".s|invalid duration \".s\"",
        "s|invalid duration \"s\"",
        "3000000h|invalid duration \"3000000h\" (too long)",
    })
    void rejectsWhatGoRejects(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text)).getMessage());
    }

    @Property
    void hoursMinutesSecondsAndMillisecondsAddUp(@ForAll @IntRange(max = 1000) int h, @ForAll @IntRange(max = 59) int m,
            @ForAll @IntRange(max = 59) int s, @ForAll @IntRange(max = 999) int ms) {
        Duration expected = Duration.ofHours(h).plusMinutes(m).plusSeconds(s).plusMillis(ms);
        assertEquals(expected, GoDuration.parse(h + "h" + m + "m" + s + "s" + ms + "ms"));
    }
}
