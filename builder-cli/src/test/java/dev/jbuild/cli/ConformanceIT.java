package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.LocalRegistry;
import dev.jbuild.core.testing.RegistryExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case in testdata/conformance is built by jbuild and must print, through
 * ../shared/tools/image-tree, exactly the tree Docker's BuildKit produced for it (the case's
 * buildkit.tree, made by testdata/conformance/regenerate): same config fields, same layer
 * count, same files with the same types, modes, owners, sizes and contents. Both builds start
 * from the busybox image ../shared/tools/busybox-base makes, pushed to a registry on 127.0.0.1.
 */
@ExtendWith(RegistryExtension.class)
class ConformanceIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();
    private static final Path TOOLS = REPO.resolveSibling("shared").resolve("tools");
    private static final Path CASES = REPO.resolve("testdata/conformance");

    @TempDir
    static Path dir;

    private static LocalRegistry registry;
    private static String base;

    private static String run(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + " failed:\n" + out);
        return out;
    }

    @BeforeAll
    static void pushBase(LocalRegistry shared) throws Exception {
        assertTrue(Files.isDirectory(TOOLS), "../shared/tools is missing beside the repository: " + TOOLS);
        registry = shared;
        String out = run(Map.of("BASE_DIR", dir.resolve("base").toString()),
                List.of(TOOLS.resolve("busybox-base").toString(), registry.address()));
        base = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesBuildkitsImageTree() throws IOException {
        return cases("default", List.of());
    }

    /**
     * The default is overlay snapshots in the unshare sandbox where the host mounts overlayfs
     * in a user namespace, as here; native copies (with the usual sandbox order) must write the
     * same trees.
     */
    @TestFactory
    Stream<DynamicTest> everyCaseMatchesBuildkitsImageTreeWithNativeSnapshots() throws IOException {
        return cases("native", List.of("--snapshotter=native"));
    }

    private Stream<DynamicTest> cases(String variant, List<String> flags) throws IOException {
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(CASES)) {
            cases = dirs.filter(d -> Files.isRegularFile(d.resolve("buildkit.tree"))).sorted().toList();
        }
        assertFalse(cases.isEmpty(), "no conformance cases in " + CASES);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> {
            Path image = dir.resolve(variant + "-" + c.getFileName() + ".tar");
            List<String> args = new java.util.ArrayList<>(List.of("build", "--cache-dir=" + dir.resolve("store-" + variant),
                    "--build-arg", "BASE=" + base, "-o", "type=oci,dest=" + image));
            args.addAll(flags);
            if (Files.isRegularFile(c.resolve("build-args"))) {
                // more --build-arg values, one KEY=VALUE a line, as regenerate passes them
                for (String arg : Files.readAllLines(c.resolve("build-args"))) {
                    args.addAll(List.of("--build-arg", arg));
                }
            }
            args.add(c.toString());
            CommandRun build = CommandRun.of(args.toArray(String[]::new));
            assertEquals(0, build.status(), build.err());
            String tree = run(Map.of(), List.of(TOOLS.resolve("image-tree").toString(), image.toString()))
                    .replace(registry.address(), "REGISTRY");
            assertEquals(Files.readString(c.resolve("buildkit.tree")), tree);
        }));
    }
}
