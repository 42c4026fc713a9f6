package dev.jbuild.cli;

import dev.jbuild.cache.CacheDirectory;
import dev.jbuild.core.memo.BuildMemo;
import dev.jbuild.core.memo.InvocationKey;
import dev.jbuild.core.memo.MemoCheck;
import dev.jbuild.core.memo.MemoDirectory;
import dev.jbuild.core.memo.MemoStep;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The fast path of an unchanged {@code jbuild build}: before picocli, the command line is read by
 * hand, the memo of the same invocation is read and checked, and what a fully cached build prints
 * is printed from it. On any doubt it answers nothing and the full build runs, which writes a
 * new memo. {@code JBUILD_MEMO=off} turns it off; {@code JBUILD_MEMO=explain} says on stderr
 * whether the memo answered and, when not, why.
 */
final class MemoAnswer {

    /** Set by the launcher on the run that records its class-data archive. */
    static final String TRAINING = "jbuild.archive.training";

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    MemoAnswer(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    /** Whether memos are used at all in this environment. */
    static boolean enabled(Map<String, String> environment) {
        return !"off".equals(environment.get(InvocationKey.SWITCH));
    }

    /** Answers {@code args} from its memo and returns true, or returns false having printed nothing (but an explanation). */
    boolean answer(String[] args) {
        if (!enabled(environment) || args.length == 0 || !args[0].equals("build")) {
            return false;
        }
        Path directory = Path.of("").toAbsolutePath();
        Optional<BuildInvocation> invocation = BuildInvocation.read(args, directory, environment);
        if (invocation.isEmpty()) {
            return explain("the command line is not one a memo answers");
        }
        try {
            Path data = invocation.get().cacheDir().isPresent() ? invocation.get().cacheDir().get()
                    : CacheDirectory.fromEnvironment().root();
            String key = InvocationKey.of(Arrays.asList(args), directory, environment, invocation.get().environmentArgs());
            Optional<BuildMemo> memo = new MemoDirectory(data).read(key);
            if (memo.isEmpty()) {
                return explain("no memo of this invocation");
            }
            Optional<String> mismatch = MemoCheck.mismatch(memo.get());
            if (mismatch.isPresent()) {
                return explain(mismatch.get());
            }
            if (Boolean.getBoolean(TRAINING)) {
                return explain("the launcher is recording its class-data archive, which a full build trains");
            }
            print(memo.get(), invocation.get());
            return true;
        } catch (IOException | RuntimeException e) {
            return explain("the memo could not be checked: " + e.getMessage());
        }
    }

    // As a fully cached build prints in plain mode; a terminal gets the same lines, not the live view's frame.
    private void print(BuildMemo memo, BuildInvocation invocation) throws IOException {
        if (invocation.quiet()) {
            out.println(memo.imageId());
        } else {
            StringBuilder text = new StringBuilder();
            for (MemoStep step : memo.steps()) {
                text.append('#').append(step.vertex()).append(' ').append(step.name()).append('\n')
                        .append('#').append(step.vertex()).append(step.cached() ? " CACHED" : " DONE 0.0s").append("\n\n");
            }
            for (String warning : memo.warnings()) {
                text.append(warning).append('\n');
            }
            text.append("writing image ").append(memo.imageId()).append(" done\n");
            text.append("manifest ").append(memo.manifest()).append('\n');
            for (String tag : memo.tags()) {
                text.append("naming to ").append(tag).append(" done\n");
            }
            err.print(text);
            err.flush();
        }
        out.flush();
        if (invocation.iidFile().isPresent()) {
            Files.writeString(invocation.iidFile().get(), memo.imageId());
        }
        explain("answered from the build memo");
    }

    private boolean explain(String why) {
        if ("explain".equals(environment.get(InvocationKey.SWITCH))) {
            err.println("jbuild: build memo: " + why);
            err.flush();
        }
        return false;
    }
}
