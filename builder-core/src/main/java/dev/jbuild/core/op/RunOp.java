package dev.jbuild.core.op;

import dev.jbuild.core.exec.ExecResult;
import dev.jbuild.core.exec.ExecSpec;
import dev.jbuild.core.exec.MountStub;
import dev.jbuild.core.exec.NetworkMode;
import dev.jbuild.core.exec.OutputSink;
import dev.jbuild.core.exec.RunLimits;
import dev.jbuild.core.exec.Sandbox;
import dev.jbuild.core.exec.SandboxException;
import dev.jbuild.core.exec.Ulimit;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.plan.FilesystemStep;
import dev.jbuild.core.snapshot.MutableSnapshot;
import dev.jbuild.core.snapshot.Snapshotter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * RUN: the command runs in a sandbox on a private snapshot of its stage, with its mounts, and
 * what it changed becomes the layer. Its key holds the command line, environment, working
 * directory, user, network and what its mounts show ({@link RunMounts#keyParts}).
 */
public final class RunOp implements Op {

    private final FilesystemStep.Run run;
    private final List<String> mountKey;
    private final RunMounts mounts;
    private final StageResults stages;
    private final Snapshotter snapshots;
    private final Supplier<Sandbox> sandbox;
    private final RunDefaults defaults;

    RunOp(FilesystemStep.Run run, List<String> mountKey, RunMounts mounts, StageResults stages, Snapshotter snapshots,
            Supplier<Sandbox> sandbox, RunDefaults defaults) {
        this.run = run;
        this.mountKey = List.copyOf(mountKey);
        this.mounts = mounts;
        this.stages = stages;
        this.snapshots = snapshots;
        this.sandbox = sandbox;
        this.defaults = defaults;
    }

    @Override
    public Map<String, List<String>> keyFields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("kind", List.of("run"));
        fields.put("argv", run.argv());
        fields.put("env", run.env());
        fields.put("workdir", List.of(run.workdir()));
        fields.put("user", List.of(run.user()));
        fields.put("network", List.of(run.network().name()));
        fields.put("mounts", mountKey);
        // only when given, so that the keys of builds without --add-host stay as they were
        if (!defaults.extraHosts().isEmpty()) {
            fields.put("extra-hosts", defaults.extraHosts().stream().map(h -> h.name() + "=" + h.address()).toList());
        }
        // likewise; BuildKit's exec op keeps both in its metadata, and so in its digest
        if (defaults.limits().shmBytes() != RunLimits.DEFAULT_SHM_BYTES) {
            fields.put("shm-size", List.of(Long.toString(defaults.limits().shmBytes())));
        }
        if (!defaults.limits().ulimits().isEmpty()) {
            fields.put("ulimits", defaults.limits().ulimits().stream().map(Ulimit::toString).toList());
        }
        // a RUN's output depends on the architecture it runs as, even on the same root (FROM scratch
        // and a copied binary); the host's keys stay as they were
        if (!defaults.foreignPlatform().isEmpty()) {
            fields.put("platform", List.of(defaults.foreignPlatform()));
        }
        return fields;
    }

    // A RUN step writes in place, in a private copy or a root the sandbox mounts (overlay).
    @Override
    public MutableSnapshot prepare(List<LayerBlob> layers) {
        return sandbox.get().mountsOverlay() ? snapshots.prepareMounted(layers) : snapshots.prepare(layers);
    }

    @Override
    public Set<String> execute(MutableSnapshot snapshot, Consumer<String> output) {
        List<MutableSnapshot> opened = new ArrayList<>();
        try {
            return execute(snapshot, output, mounts.prepare(run.mounts(), stages, opened));
        } finally {
            opened.forEach(MutableSnapshot::close);
        }
    }

    private Set<String> execute(MutableSnapshot snapshot, Consumer<String> output, RunMounts.StepMounts extraMounts) {
        ExecSpec spec = ExecSpec.of(snapshot.mount(), run.argv()).withEnv(run.environment()).withWorkdir(run.workdir())
                .withUser(run.user()).withNetwork(network()).withMounts(extraMounts.mounts())
                .withSecretEnv(extraMounts.secretEnv()).withExtraHosts(defaults.extraHosts())
                .withLimits(defaults.limits())
                .withOutput(OutputSink.lines((channel, line) -> output.accept(line)));
        ExecResult result;
        try {
            result = sandbox.get().run(spec);
        } catch (SandboxException e) {
            throw new OpException(e.getMessage(), "", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpException("build canceled", "", e);
        }
        if (!result.succeeded()) {
            throw new OpException("process \"" + String.join(" ", run.argv())
                    + "\" did not complete successfully: exit code: " + result.exitCode(), result.outputTail(), null);
        }
        Set<String> stubs = new HashSet<>();
        for (MountStub stub : result.mountStubs()) {
            stubs.add(stub.path());
        }
        return stubs;
    }

    // RUN without --network gets the build's --network.
    private NetworkMode network() {
        return run.network() == NetworkMode.DEFAULT ? defaults.network() : run.network();
    }
}
