package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.SourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The build stages a Dockerfile offers as targets, as BuildKit's {@code frontend.targets}
 * subrequest lists them ({@code --call=targets}): each with its name, whether it is the default
 * (the last), the description from the comment above its FROM ({@code # name description}), its
 * base and platform as written, and where its FROM is.
 */
public record TargetList(List<Target> targets) {

    /** One stage as a target. */
    public record Target(Optional<String> name, boolean isDefault, String description, String base,
            Optional<String> platform, SourceRange range) {
        public Target {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(range, "range");
        }
    }

    public TargetList {
        targets = List.copyOf(targets);
    }

    public static TargetList of(Dockerfile dockerfile, BuildDefinition definition) {
        InstructionComments comments = new InstructionComments(dockerfile);
        List<Target> targets = new ArrayList<>();
        List<Stage> stages = definition.stages();
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            String description = stage.name().map(n -> docComment(comments.before(stage.range()), n)).orElse("");
            targets.add(new Target(stage.name(), i == stages.size() - 1, description, stage.baseImage(),
                    stage.platform(), stage.range()));
        }
        return new TargetList(targets);
    }

    /** BuildKit's description rule: the first comment line above that starts with the name and a space, the rest of it. */
    static String docComment(List<String> comments, String name) {
        for (String line : comments) {
            if (line.startsWith(name + " ")) {
                return line.substring(name.length() + 1);
            }
        }
        return "";
    }
}
