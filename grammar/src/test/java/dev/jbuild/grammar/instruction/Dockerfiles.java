package dev.jbuild.grammar.instruction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.DockerfileParser;
import java.util.List;

/** Test shorthands: Dockerfile text in, definitions, errors and findings out. */
final class Dockerfiles {

    private Dockerfiles() {
    }

    static Dockerfile parse(String text) throws DockerfileException {
        return new DockerfileParser("Dockerfile").parse(text);
    }

    static BuildDefinition read(String text) throws DockerfileException {
        return new InstructionReader().read(parse(text));
    }

    /** The commands of the only (or last) stage. */
    static List<Command> commands(String text) throws DockerfileException {
        List<Stage> stages = read(text).stages();
        return stages.get(stages.size() - 1).commands();
    }

    /** The first command of the last stage, of the expected type. */
    static <T extends Command> T command(String text, Class<T> type) throws DockerfileException {
        return type.cast(commands(text).get(0));
    }

    /** The error reading the text, which must fail at line:column with a message containing each part. */
    static DockerfileException readError(String text, int line, int column, String... parts) throws DockerfileException {
        Dockerfile dockerfile = parse(text);
        DockerfileException e = assertThrows(DockerfileException.class, () -> new InstructionReader().read(dockerfile));
        assertEquals(line + ":" + column, e.line() + ":" + e.column(), "position of: " + e.getMessage());
        for (String part : parts) {
            assertTrue(e.reason().contains(part), "reason should contain [" + part + "] but is: " + e.reason());
        }
        return e;
    }

    static DockerfileCheck check(String text) throws DockerfileException {
        return DockerfileCheck.run(parse(text));
    }

    /** The findings as "line rule: message" lines. */
    static List<String> findings(String text) throws DockerfileException {
        return check(text).warnings().stream()
                .map(w -> w.range().startLine() + " " + w.rule() + ": " + w.message())
                .toList();
    }

    /** The findings as "line rule" lines. */
    static List<String> rules(String text) throws DockerfileException {
        return check(text).warnings().stream().map(w -> w.range().startLine() + " " + w.rule()).toList();
    }
}
