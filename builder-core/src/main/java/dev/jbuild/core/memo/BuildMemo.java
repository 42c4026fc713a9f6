package dev.jbuild.core.memo;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One build invocation and its answer. {@code key} is what the invocation was (arguments,
 * directory, jbuild and Java, the environment it reads); {@code inputs} are the files and trees
 * it read, with their signatures then; {@code records} are
 * the step-cache records the build hit; then the image it made, the steps it showed and the
 * build-check warning lines it printed after them.
 */
public record BuildMemo(String key, List<SignedInput> inputs, List<Path> records, String imageId,
        String manifest, List<String> tags, List<MemoStep> steps, List<String> warnings) {

    public BuildMemo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(manifest, "manifest");
        inputs = List.copyOf(inputs);
        records = List.copyOf(records);
        tags = List.copyOf(tags);
        steps = List.copyOf(steps);
        warnings = List.copyOf(warnings);
    }
}
