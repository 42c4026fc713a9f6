package dev.jbuild.grammar.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The value of the check directive. */
class CheckOptionsTest {

    @Test
    void readsSkipExperimentalAndError() {
        CheckOptions options = CheckOptions.parse(" skip = JSONArgsRecommended , StageNameCasing ;error=true;"
                + "experimental=InvalidDefinitionDescription");
        assertEquals(Set.of("JSONArgsRecommended", "StageNameCasing"), options.skip());
        assertTrue(options.errorOnWarning());
        assertFalse(options.runs(LintRule.JSON_ARGS_RECOMMENDED));
        assertTrue(options.runs(LintRule.FROM_AS_CASING));
        assertTrue(options.runs(LintRule.INVALID_DEFINITION_DESCRIPTION));
    }

    @Test
    void skipAllLeavesExperimentalRulesToTheirOwnSwitch() {
        CheckOptions options = CheckOptions.parse("skip=all;experimental=all");
        assertFalse(options.runs(LintRule.FROM_AS_CASING));
        assertTrue(options.runs(LintRule.INVALID_DEFINITION_DESCRIPTION));
        assertFalse(CheckOptions.DEFAULT.runs(LintRule.INVALID_DEFINITION_DESCRIPTION));
    }

    @Test
    void errorTakesGoBooleans() {
        assertTrue(CheckOptions.parse("error=1").errorOnWarning());
        assertFalse(CheckOptions.parse("error=False").errorOnWarning());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CheckOptions.parse("error=yes"))
                .getMessage().contains("error takes true or false"));
    }

    @Test
    void unknownOptionsAreRejected() {
        assertEquals("invalid check option \"skipp\": the options are skip, experimental and error",
                assertThrows(IllegalArgumentException.class, () -> CheckOptions.parse("skipp=all")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CheckOptions.parse("skip"))
                .getMessage().startsWith("invalid check option \"skip\""));
    }

    @Test
    void emptyValueMeansDefaults() {
        assertEquals(CheckOptions.DEFAULT, CheckOptions.parse("  "));
    }

    @Test
    void mergeAddsSkipsButKeepsTheFileErrorSetting() {
        CheckOptions merged = CheckOptions.parse("skip=A;error=true").merge(CheckOptions.parse("skip=B;error=false"));
        assertEquals(Set.of("A", "B"), merged.skip());
        assertTrue(merged.errorOnWarning());
    }
}
