package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The slice of Go templates docker's --format is used with, and refusals for the rest. */
class GoTemplateTest {

    private static final Set<String> FIELDS = Set.of("ID", "Tag");
    private static final Map<String, String> ROW = Map.of("ID", "abc", "Tag", "a\"b");

    @Test
    void fieldsWithSpacesLiteralTextAndEscapesRender() {
        GoTemplate template = GoTemplate.parse("id={{ .ID }}\\t[{{.Tag}}]\\n", FIELDS);
        assertFalse(template.isTable());
        assertEquals("id=abc\t[a\"b]\n", template.render(ROW));
    }

    @Test
    void tablePrefixIsDroppedAndJsonSortsKeysAndEscapes() {
        GoTemplate template = GoTemplate.parse("table {{json .}}", FIELDS);
        assertTrue(template.isTable());
        assertEquals("{\"ID\":\"abc\",\"Tag\":\"a\\\"b\"}", template.render(ROW));
    }

    @Test
    void pipelinesFunctionsAndUnclosedActionsAreRefused() {
        assertEquals("unsupported template action {{.ID | printf \"%s\"}}: use {{json .}} or one of [{{.ID}}]",
                assertThrows(IllegalArgumentException.class,
                        () -> GoTemplate.parse("{{.ID | printf \"%s\"}}", Set.of("ID"))).getMessage());
        assertEquals("unclosed action at column 4 of \"id {{.ID\"",
                assertThrows(IllegalArgumentException.class, () -> GoTemplate.parse("id {{.ID", FIELDS)).getMessage());
    }
}
