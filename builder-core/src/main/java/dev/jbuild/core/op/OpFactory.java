package dev.jbuild.core.op;

import dev.jbuild.core.exec.Sandbox;
import dev.jbuild.core.plan.FilesystemStep;
import dev.jbuild.core.snapshot.Snapshotter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a planned filesystem step into its op, reading what the op's key needs: the checksums of
 * the files a COPY selects, what a RUN's mounts show, the keys of the stages either reads. The
 * one place that tells the kinds of step apart.
 */
public final class OpFactory {

    private final StepCopier copier;
    private final RunMounts mounts;
    private final Snapshotter snapshots;
    private final Supplier<Sandbox> sandbox;
    private final RunDefaults runDefaults;

    /**
     * @param sandbox the sandbox RUN steps use, chosen when the first one runs
     * @param cacheMounts where {@code RUN --mount=type=cache} directories live
     * @param secrets the files given with {@code --secret id=…}, by id
     * @param sshSockets the agent socket for an id given with {@code --ssh}, if any
     * @param runDefaults the build's {@code --network} and {@code --add-host} entries, for every RUN step
     */
    public OpFactory(StepCopier copier, Snapshotter snapshots, Supplier<Sandbox> sandbox, Path cacheMounts,
            Map<String, Path> secrets, Function<String, Optional<Path>> sshSockets, RunDefaults runDefaults) {
        this.copier = copier;
        this.snapshots = snapshots;
        this.sandbox = sandbox;
        this.mounts = new RunMounts(cacheMounts, secrets, sshSockets, copier, snapshots);
        this.runDefaults = runDefaults;
    }

    /** The op of a step whose stage has reached it; {@code stages} answers for every stage the step reads. */
    public Op of(FilesystemStep step, StageResults stages) {
        if (step instanceof FilesystemStep.Run run) {
            return new RunOp(run, mounts.keyParts(run.mounts(), stages), mounts, stages, snapshots, sandbox, runDefaults);
        }
        if (step instanceof FilesystemStep.Copy copy) {
            return new CopyOp(copy, copier.inputs(copy, stages), copier, snapshots);
        }
        return new MkdirOp((FilesystemStep.Mkdir) step, copier, snapshots);
    }
}
