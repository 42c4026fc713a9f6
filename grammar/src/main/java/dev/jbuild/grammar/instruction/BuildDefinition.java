package dev.jbuild.grammar.instruction;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A checked Dockerfile: the global build arguments (the ARGs before the first FROM, usable in FROM
 * lines) and the stages in file order. There is always at least one stage; the last one is the
 * default target.
 */
public record BuildDefinition(List<ArgCommand> metaArgs, List<Stage> stages) {

    public BuildDefinition {
        metaArgs = List.copyOf(metaArgs);
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a build needs at least one stage");
        }
    }

    /**
     * The stage with this name, in any case. When two stages share a name the later one wins, as
     * in BuildKit (the DuplicateStageName check warns about it).
     */
    public Optional<Stage> stage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Stage found = null;
        for (Stage stage : stages) {
            if (stage.name().filter(lower::equals).isPresent()) {
                found = stage;
            }
        }
        return Optional.ofNullable(found);
    }
}
