package dev.jbuild.core.op;

import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.plan.FilesystemStep;
import dev.jbuild.core.snapshot.MutableSnapshot;
import dev.jbuild.core.snapshot.Snapshotter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * COPY and ADD, heredoc files included: the sources, already selected and checksummed
 * ({@link CopyInputs}), are copied with Docker's rules by {@link StepCopier}. Its key holds the
 * instruction's definition and the checksum of what it reads, never mtimes.
 */
public final class CopyOp implements Op {

    private final FilesystemStep.Copy copy;
    private final CopyInputs inputs;
    private final StepCopier copier;
    private final Snapshotter snapshots;

    CopyOp(FilesystemStep.Copy copy, CopyInputs inputs, StepCopier copier, Snapshotter snapshots) {
        this.copy = copy;
        this.inputs = inputs;
        this.copier = copier;
        this.snapshots = snapshots;
    }

    @Override
    public Map<String, List<String>> keyFields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("kind", List.of(copy.add() ? "add" : "copy"));
        fields.put("sources", copy.sources());
        fields.put("destination", List.of(copy.destination()));
        fields.put("chown", List.of(copy.chown().orElse("")));
        fields.put("chmod", List.of(copy.chmod().orElse("")));
        fields.put("excludes", copy.excludes());
        if (copy.parents()) {
            fields.put("parents", List.of("true"));
        }
        fields.put("heredocs", copy.heredocs().stream().map(h -> h.name() + "\u0000" + h.content()).toList());
        if (copy.add()) {
            fields.put("keep-git-dir", List.of(copy.keepGitDir().map(String::valueOf).orElse("unset")));
            fields.put("unpack", List.of(copy.unpack().map(String::valueOf).orElse("unset")));
        }
        fields.put("inputs", List.of(inputs.checksum()));
        return fields;
    }

    // jbuild's own writes replace files rather than write into them, so the root may share inodes with the cache.
    @Override
    public MutableSnapshot prepare(List<LayerBlob> layers) {
        return snapshots.prepareLinked(layers);
    }

    @Override
    public Set<String> execute(MutableSnapshot snapshot, Consumer<String> output) {
        copier.copy(snapshot.root(), copy, inputs);
        return Set.of();
    }
}
