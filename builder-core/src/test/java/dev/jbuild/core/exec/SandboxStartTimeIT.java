package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jbuild.core.testing.BusyboxRootfs;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Measures what a RUN step costs before its command does anything: the median wall time of
 * 20 runs of {@code true} (after 3 to warm up), printed, never asserted (figures depend on the
 * machine; see the design's "a sandbox start per RUN of a few milliseconds").
 */
class SandboxStartTimeIT {

    private static final int RUNS = 20;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jbuild.core.exec.SandboxKinds#all")
    void medianStartOfATrivialStep(Sandbox sandbox) throws Exception {
        Path root = BusyboxRootfs.create(temp.resolve("root"));
        ExecSpec spec = ExecSpec.of(root, List.of("/bin/true"));
        for (int i = 0; i < 3; i++) {
            sandbox.run(spec);
        }
        long[] nanos = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            assertEquals(0, sandbox.run(spec).exitCode());
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("sandbox start, %s: median %.1f ms, min %.1f ms, max %.1f ms over %d runs of true%n",
                sandbox.kind().flagName(), nanos[RUNS / 2] / 1e6, nanos[0] / 1e6, nanos[RUNS - 1] / 1e6, RUNS);
    }
}
