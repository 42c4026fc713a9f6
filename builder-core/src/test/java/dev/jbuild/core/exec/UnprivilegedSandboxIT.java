package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RUN works without root on the host: these tests (root in CI) start a second JVM as the
 * ordinary user {@value #USER} with {@code runuser} and run real steps from it. With subordinate
 * ids (CI grants {@value #USER} a range) the unshare and OCI sandboxes map them, so chown works
 * and lands on the shifted host id; without, only root is mapped and USER fails with the fix.
 */
class UnprivilegedSandboxIT {

    static final String USER = "jbtest";

    private Path work;
    private long userUid;

    @BeforeEach
    void asAnOrdinaryUser() throws Exception {
        assumeTrue(HostProbe.system().identity().root(),
                "not root: every other sandbox test already runs without root");
        Process id = new ProcessBuilder("id", "-u", USER).redirectErrorStream(true).start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (id.waitFor() != 0) {
            fail("the unprivileged sandbox tests need a user '" + USER + "' with subordinate ids: useradd --create-home "
                    + USER + " && usermod --add-subuids 100000-165535 --add-subgids 100000-165535 " + USER);
        }
        userUid = Long.parseLong(uid);
        work = Files.createTempDirectory(Path.of("/tmp"), "jbuild-unprivileged-");
        run(List.of("chown", USER + ":", work.toString()));
        run(List.of("chmod", "755", work.toString()));
    }

    @AfterEach
    void removeWork() throws Exception {
        if (work != null) {
            run(List.of("rm", "-rf", work.toString()));
        }
    }

    @ParameterizedTest
    @EnumSource(SandboxKind.class)
    void runWorksWithoutRootOnTheHost(SandboxKind kind) throws Exception {
        String output = childJvm(kind);

        List<String> lines = output.lines().toList();
        assertEquals("root-exit=0", lines.get(0), output);
        assertEquals("0", lines.get(1), "the step is root inside: " + output);
        Optional<SubordinateIds> ranges = SubordinateIds.read(Path.of("/etc/subuid"), Path.of("/etc/subgid"), USER, userUid);
        Path owned = work.resolve("root/tmp/owned");
        Path byApp = work.resolve("root/tmp/by-app");
        if (kind == SandboxKind.BWRAP) {
            assertEquals("0 " + userUid + " 1", lines.get(2), output);
            assertEquals(userUid, owner(owned));
            assertTrue(output.contains("app-exit=0\n1000\n"), output);
            assertEquals(userUid, owner(byApp), "bwrap maps the step's user to the invoking user");
        } else if (ranges.isPresent()) {
            long start = ranges.get().uidStart();
            assertEquals("0 " + userUid + " 1", lines.get(2), output);
            assertEquals("1 " + start + " " + ranges.get().uidCount(), lines.get(3), output);
            assertEquals("chowned", lines.get(4), output);
            assertEquals(start + 999, owner(owned), "container uid 1000 is subordinate id start + 999");
            assertTrue(output.contains("app-exit=0\n1000\n"), output);
            assertEquals(start + 999, owner(byApp));
        } else {
            assertEquals(userUid, owner(owned), "chown fails when only root is mapped");
            assertTrue(output.contains("app-error=") && output.contains("usermod --add-subuids"), output);
        }
        assertTrue(output.contains("mapping="), output);
        assertTrue(output.contains("secret-exit=0\n"), output);
        assertTrue(output.contains("token=from-the-secret\n"), "a secret variable, as an ordinary user: " + output);
        assertTrue(output.contains("limits-exit=0\nlimits=256:512 shm=8192\n"), "--ulimit and --shm-size: " + output);
        if (kind == SandboxKind.UNSHARE && ranges.isPresent()) {
            assertTrue(output.contains("secret=1000:1000 400\n"), "chowned inside the namespace: " + output);
        } else {
            // neither the JVM nor the sandbox can chown to a subordinate id: owned by container root,
            // the owner's and group's bits cut to the others', so uid 1000 reads no more than asked
            assertTrue(output.contains("secret=0:0 0\n"), output);
        }
    }

    private static long owner(Path file) throws IOException {
        return ((Number) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    /** Runs UnprivilegedRun as the ordinary user, with a copy of the classpath it can read. */
    private String childJvm(SandboxKind kind) throws Exception {
        Path classpath = Files.createDirectories(work.resolve("classpath"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path copy = classpath.resolve((n++) + "-" + source.getFileName());
            copyTree(source, copy);
            entries.add(copy.toString());
        }
        run(List.of("chmod", "-R", "a+rX", classpath.toString()));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder("runuser", "-u", USER, "--", java.toString(), "-cp",
                String.join(File.pathSeparator, entries), UnprivilegedRun.class.getName(), kind.flagName(), work.toString())
                .redirectErrorStream(true).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the child JVM timed out:\n" + output);
        }
        assertEquals(0, child.exitValue(), output);
        return output;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        if (Files.isRegularFile(source)) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            fail(String.join(" ", command) + " failed: " + output);
        }
    }
}
