package dev.jbuild.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jbuild.core.image.History;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryDatesTest {

    private static List<History> entries(String... created) {
        return Arrays.stream(created).map(c -> History.of(c, "step", c == null)).toList();
    }

    private static List<String> dates(List<History> history) {
        return history.stream().map(History::created).toList();
    }

    @Test
    void configStepsBeforeTheFirstNewLayerTakeItsDateNotTheBaseImages() {
        List<History> filled = HistoryDates.filled(entries("2020-01-01T00:00:00Z", null, "2026-01-01T00:00:00Z", null,
                "2026-02-01T00:00:00Z", null));
        assertEquals(Arrays.asList("2020-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-02-01T00:00:00Z"), dates(filled));
        assertEquals(Optional.of("2026-02-01T00:00:00Z"), HistoryDates.imageCreated(filled));
    }

    @Test
    void onlyConfigStepsOnABaseTakeTheBasesLastDate() {
        List<History> filled = HistoryDates.filled(entries("2020-01-01T00:00:00Z", "2020-02-01T00:00:00Z", null, null));
        assertEquals(Arrays.asList("2020-01-01T00:00:00Z", "2020-02-01T00:00:00Z", "2020-02-01T00:00:00Z",
                "2020-02-01T00:00:00Z"), dates(filled));
    }

    @Test
    void withNoDateAnywhereTheImageHasNone() {
        List<History> filled = HistoryDates.filled(entries(null, null));
        assertEquals(Arrays.asList(null, null), dates(filled));
        assertEquals(Optional.empty(), HistoryDates.imageCreated(filled));
    }
}
