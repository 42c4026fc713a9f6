package dev.jbuild.grammar.instruction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionTest {

    @Test
    void closestOptionWithinTwoEditsWins() {
        assertEquals(Optional.of("from"), Suggestion.closest("form", List.of("copy", "from", "run"), true));
        assertEquals(Optional.empty(), Suggestion.closest("xyzzy", List.of("copy", "from", "run"), true));
    }

    @Test
    void caseInsensitiveSearchAnswersInTheCaseOfTheWord() {
        List<String> keywords = List.of("FROM", "COPY");
        assertEquals(Optional.of("from"), Suggestion.closest("fron", keywords, false));
        assertEquals(Optional.of("FROM"), Suggestion.closest("FRON", keywords, false));
        assertEquals(Optional.of("FROM"), Suggestion.closest("Fron", keywords, false));
    }

    @Test
    void exactMatchMeansNothingToSuggest() {
        assertEquals(Optional.empty(), Suggestion.closest("From", List.of("FROM"), false));
    }

    @Test
    void tiesGoToTheAlphabeticallyFirstOption() {
        assertEquals(Optional.of("bat"), Suggestion.closest("cat", List.of("rat", "bat"), true));
    }

    @Test
    void distanceCountsEdits() {
        assertEquals(0, Suggestion.distance("", ""));
        assertEquals(3, Suggestion.distance("kitten", "sitting"));
        assertEquals(4, Suggestion.distance("", "abcd"));
    }
}
