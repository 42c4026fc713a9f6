package dev.jbuild.cli;

import dev.jbuild.core.build.BuildResult;
import dev.jbuild.core.memo.BuildMemo;
import dev.jbuild.core.memo.InvocationKey;
import dev.jbuild.core.memo.MemoCheck;
import dev.jbuild.core.memo.MemoDirectory;
import dev.jbuild.core.memo.MemoInput;
import dev.jbuild.core.memo.MemoStep;
import dev.jbuild.core.memo.SignedInput;
import dev.jbuild.core.memo.StepRecorder;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.Instruction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the memo of a full build that {@link MemoAnswer} could answer next time: the inputs are
 * signed before the build starts (a file changed while it runs then fails the next check), the
 * store and the cache records it was answered from (which the build result names) after it ends. Only a build that ran no step, printed
 * nothing but its steps and read nothing from the network is memoised; any other removes the invocation's memo.
 */
final class MemoWriter {

    private final MemoDirectory directory;
    private final String key;
    private final Path data;
    private final List<SignedInput> inputs;
    private final StepRecorder recorder = new StepRecorder();

    private MemoWriter(MemoDirectory directory, String key, Path data, List<SignedInput> inputs) {
        this.directory = directory;
        this.key = key;
        this.data = data;
        this.inputs = inputs;
    }

    /**
     * A writer for this build, its inputs signed now, if its command line is one a memo may answer.
     * A memo is only a shortcut: what keeps one from being written never fails the build.
     */
    static Optional<MemoWriter> start(String[] args, Map<String, String> environment, Path data) {
        try {
            return begin(args, environment, data);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<MemoWriter> begin(String[] args, Map<String, String> environment, Path data) throws IOException {
        if (!MemoAnswer.enabled(environment)) {
            return Optional.empty();
        }
        Path directory = Path.of("").toAbsolutePath();
        Optional<BuildInvocation> read = BuildInvocation.read(args, directory, environment);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        BuildInvocation invocation = read.get();
        List<SignedInput> inputs = new ArrayList<>();
        for (MemoInput input : List.of(MemoInput.file(invocation.dockerfile()), MemoInput.file(invocation.dockerfileIgnore()),
                MemoInput.tree(invocation.context()))) {
            inputs.add(new SignedInput(input, input.sign()));
        }
        String key = InvocationKey.of(Arrays.asList(args), directory, environment, invocation.environmentArgs());
        return Optional.of(new MemoWriter(new MemoDirectory(data), key, data.toAbsolutePath().normalize(), inputs));
    }

    /** Hears the build's steps. */
    StepRecorder recorder() {
        return recorder;
    }

    /** After a successful build: writes its memo, or removes the old one when this build is not one to repeat. */
    void finish(BuildResult result, Dockerfile dockerfile) {
        try {
            write(result, dockerfile);
        } catch (IOException | RuntimeException e) {
            // a data directory that takes no memo still holds the image; the next build is a full one
        }
    }

    private void write(BuildResult result, Dockerfile dockerfile) throws IOException {
        Optional<List<MemoStep>> steps = recorder.steps();
        if (result.stepsRun() > 0 || steps.isEmpty() || fetches(dockerfile) || fetches(steps.get())) {
            directory.forget(key);
            return;
        }
        List<SignedInput> signed = new ArrayList<>(inputs);
        ImageStore store = new ImageStore(data);
        // index.json is rewritten by rename on every tag and untag; blobs are removed, never rewritten
        for (MemoInput input : List.of(MemoInput.file(data.resolve("index.json")),
                MemoInput.file(store.blobs().path(result.manifest().digest()).toAbsolutePath()),
                MemoInput.file(store.blobs().path(result.configDigest()).toAbsolutePath()))) {
            signed.add(new SignedInput(input, input.sign()));
        }
        List<Path> records = result.recordsUsed().stream().map(Path::toAbsolutePath).toList();
        BuildMemo memo = new BuildMemo(key, signed, records, result.configDigest().toString(),
                result.manifest().digest().toString(), result.tags(), steps.get(), OutputFlags.warningLines(result));
        // A file changed while the build ran would fail the next check anyway; this also puts the
        // check's classes in the launcher's class-data archive, which a full build trains.
        if (MemoCheck.mismatch(memo).isPresent()) {
            directory.forget(key);
            return;
        }
        directory.write(memo);
    }

    // ADD of a URL or a git repository, and oci-layout:// sources, are read again by every full build.
    private static boolean fetches(Dockerfile dockerfile) {
        for (Instruction instruction : dockerfile.instructions()) {
            String text = instruction.original();
            if (text.contains("oci-layout://") || text.contains("git@")
                    || instruction.name().equals("add") && (text.contains("://") || text.contains("$"))) {
                return true;
            }
        }
        return false;
    }

    // A base image's ONBUILD ADD of a URL shows in its step's name only.
    private static boolean fetches(List<MemoStep> steps) {
        for (MemoStep step : steps) {
            if (step.name().contains("://") || step.name().contains("git@")) {
                return true;
            }
        }
        return false;
    }
}
