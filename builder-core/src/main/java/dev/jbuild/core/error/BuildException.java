package dev.jbuild.core.error;

import dev.jbuild.grammar.SourceRange;
import java.util.Optional;

/**
 * A build that cannot go on, with the instruction it stopped at: its source range (for
 * {@code Dockerfile:LINE}) and its text, and for a failed RUN the tail of its output.
 */
public class BuildException extends RuntimeException {

    private final transient SourceRange range;
    private final String instruction;
    private final String outputTail;

    public BuildException(SourceRange range, String instruction, String message) {
        this(range, instruction, message, "", null);
    }

    public BuildException(SourceRange range, String instruction, String message, String outputTail, Throwable cause) {
        super(message, cause);
        this.range = range;
        this.instruction = instruction;
        this.outputTail = outputTail;
    }

    /** Where in the Dockerfile, when the failure belongs to an instruction. */
    public Optional<SourceRange> range() {
        return Optional.ofNullable(range);
    }

    public String instruction() {
        return instruction;
    }

    /** The last lines a failed command printed, or empty. */
    public String outputTail() {
        return outputTail;
    }
}
