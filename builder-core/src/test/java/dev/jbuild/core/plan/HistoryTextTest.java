package dev.jbuild.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jbuild.grammar.golang.GoQuote;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistoryTextTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0s",
            "999, 999ns",
            "1500, 1.5µs",
            "2000000, 2ms",
            "1500000000, 1.5s",
            "30000000000, 30s",
            "90000000000, 1m30s",
            "3600000000000, 1h0m0s",
            "3723500000000, 1h2m3.5s",
    })
    void durationsPrintAsGoPrintsThem(long nanos, String expected) {
        assertEquals(expected, HistoryText.duration(nanos));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain|\"plain\"",
            "say \"hi\"|\"say \\\"hi\\\"\"",
            "back\\slash|\"back\\\\slash\"",
            "äöü|\"äöü\"",
    })
    void quotingIsGosStrconvQuote(String in, String expected) {
        assertEquals(expected, GoQuote.quote(in));
    }

    @org.junit.jupiter.api.Test
    void controlCharactersAreEscaped() {
        assertEquals("\"a\\nb\\tc\\x01\"", GoQuote.quote("a\nb\tc\u0001"));
    }
}
