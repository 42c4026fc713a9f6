package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.SourceRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A build stage: the FROM that starts it and the commands up to the next FROM. */
public record Stage(FromCommand from, List<Command> commands) {

    public Stage {
        Objects.requireNonNull(from, "from");
        commands = List.copyOf(commands);
        if (commands.stream().anyMatch(c -> c instanceof FromCommand)) {
            throw new IllegalArgumentException("a FROM starts a new stage; it cannot be a command of one");
        }
    }

    /** The lower-case name given with {@code AS}, if any. */
    public Optional<String> name() {
        return from.stageName();
    }

    /** The image or earlier stage this stage starts from, as written. */
    public String baseImage() {
        return from.image();
    }

    /** The {@code --platform} of the FROM, as written, if any. */
    public Optional<String> platform() {
        return from.platform();
    }

    /** Where the FROM is. */
    public SourceRange range() {
        return from.range();
    }
}
