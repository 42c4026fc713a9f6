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

/** WORKDIR: creates the missing directories of its path, owned by the current USER, as BuildKit does. */
public final class MkdirOp implements Op {

    private final FilesystemStep.Mkdir mkdir;
    private final StepCopier copier;
    private final Snapshotter snapshots;

    MkdirOp(FilesystemStep.Mkdir mkdir, StepCopier copier, Snapshotter snapshots) {
        this.mkdir = mkdir;
        this.copier = copier;
        this.snapshots = snapshots;
    }

    @Override
    public Map<String, List<String>> keyFields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("kind", List.of("mkdir"));
        fields.put("path", List.of(mkdir.path()));
        fields.put("user", List.of(mkdir.user()));
        return fields;
    }

    @Override
    public MutableSnapshot prepare(List<LayerBlob> layers) {
        return snapshots.prepareLinked(layers);
    }

    @Override
    public Set<String> execute(MutableSnapshot snapshot, Consumer<String> output) {
        copier.mkdir(snapshot.root(), mkdir);
        return Set.of();
    }
}
