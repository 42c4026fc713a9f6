package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real attacks from a RUN step, for every sandbox kind and snapshotter, with jbuild run by root
 * (as CI runs it) and by an ordinary user with subordinate ids (jbtest; .ci/run creates it).
 * Each attack must be attempted inside the step and fail, and the host must be seen unchanged
 * afterwards: the step writes {@code /proc/sys/kernel/core_pattern} (a pipe there would run a
 * program of the step's as host root), opens a character device node it copied from the
 * context, reads {@code /proc/kcore}, makes a user and mount namespace (the seccomp filter
 * refuses), and looks for the data directory's host path in its mountinfo. docs/security.md lists the promises these cases hold.
 */
class SecurityIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();
    private static final Path CORE_PATTERN = Path.of("/proc/sys/kernel/core_pattern");
    private static final String HOSTILE_PATTERN = "|/jbuild-security-test-must-not-run %p";
    private static final String USER = "jbtest";

    private static Path work;
    private static String java;
    private static String cli;

    @BeforeAll
    static void copyTheCommandLine() throws Exception {
        assertEquals(0, new ProcessBuilder("id", USER).start().waitFor(),
                "user " + USER + " is missing: .ci/run creates it (useradd, with a range in /etc/subuid)");
        assertEquals("0", run(List.of("id", "-u")).strip(), "SecurityIT attacks the host as root: run it as root (CI does)");
        // world-readable, since the checkout may sit under /root and jbtest runs it too
        work = Files.createTempDirectory("jbuild-security");
        Path jar = REPO.resolve("builder-cli/target/jbuild.jar");
        run(List.of("cp", "-r", jar.toString(), jar.resolveSibling("lib").toString(), work.toString()));
        run(List.of("chmod", "-R", "a+rX", work.toString()));
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        cli = work.resolve("jbuild.jar").toString();
    }

    @AfterAll
    static void removeTheWork() throws Exception {
        run(List.of("rm", "-rf", work.toString()));
    }

    @ParameterizedTest(name = "{0} with --sandbox={1} --snapshotter={2}")
    @CsvSource({
        "root, unshare, overlay",
        "root, unshare, native",
        "jbtest, unshare, overlay",
        "jbtest, unshare, native",
        "jbtest, oci, native",
        "jbtest, bwrap, native",
    })
    void runStepCannotReachTheHost(String user, String sandbox, String snapshotter) throws Exception {
        Path dir = Files.createDirectories(work.resolve(user + "-" + sandbox + "-" + snapshotter));
        Path store = dir.resolve("store");
        Path context = Files.createDirectories(dir.resolve("ctx"));
        // /dev/full's numbers: if the node opened, the write would fail with ENOSPC, not EACCES
        run(List.of("mknod", "-m", "666", context.resolve("fulldev").toString(), "c", "1", "7"));
        Files.writeString(context.resolve("Dockerfile"), String.join("\n",
                "FROM busybox",
                "COPY fulldev /fulldev",
                "RUN echo \"uidmap: $(head -n1 /proc/self/uid_map)\";"
                        + " if echo '" + HOSTILE_PATTERN + "' > /proc/sys/kernel/core_pattern; then echo SYSCTL-WRIT''TEN; fi;"
                        + " if [ -c /fulldev ]; then if echo x > /fulldev; then echo DEVICE-OPE''NED; fi;"
                        + " else echo 'no device node'; fi;"
                        + " echo \"kcore: $(head -c 16 /proc/kcore | wc -c)\";"
                        + " if unshare -U -m true; then echo NAMESPACE-CREA''TED; fi;"
                        + " grep '^Seccomp:' /proc/self/status;"
                        + " echo \"host paths: $(grep -c -F '" + store + "' /proc/self/mountinfo)\"",
                ""));
        run(List.of(REPO.resolve("testdata/base-images/busybox/build").toString(), "busybox:latest",
                "--cache-dir=" + store));
        run(List.of("chown", "-R", user, dir.toString()));
        run(List.of("chmod", "755", dir.toString()));

        String before = Files.readString(CORE_PATTERN);
        String out;
        try {
            out = build(user, store, sandbox, snapshotter, context);
        } finally {
            String after = Files.readString(CORE_PATTERN);
            if (!after.equals(before)) {
                Files.writeString(CORE_PATTERN, before.strip());
            }
            assertEquals(before, after, "the step changed the host's kernel.core_pattern");
        }
        assertTrue(out.contains("uidmap:"), "the attack step did not run:\n" + out);
        assertTrue(out.matches("(?s).*core_pattern: (Permission denied|Read-only file system).*"),
                "the sysctl write was not refused by the kernel:\n" + out);
        assertFalse(out.contains("SYSCTL-WRITTEN"), out);
        // an ordinary user cannot make device nodes at all, so COPY leaves it out, as rootless Docker does
        assertTrue(out.contains("fulldev: Permission denied") || (!user.equals("root") && out.contains("no device node")),
                "the device node was not refused (nodev):\n" + out);
        assertFalse(out.contains("DEVICE-OPENED") || out.contains("No space left"), out);
        assertTrue(out.contains("kcore: 0"), "/proc/kcore is readable:\n" + out);
        assertFalse(out.contains("NAMESPACE-CREATED"), "the step made a namespace (seccomp):\n" + out);
        assertTrue(out.matches("(?s).*Seccomp:\\s+2.*"), "the step runs without a seccomp filter:\n" + out);
        assertFalse(out.matches("(?s).*uidmap: +0 +0 .*"), "container root is host root:\n" + out);
        if (snapshotter.equals("overlay")) {
            assertTrue(out.contains("host paths: 0"), "the data directory's host path is in mountinfo:\n" + out);
        }
    }

    @Test
    void bubblewrapRefusesToRunStepsAsHostRoot() throws Exception {
        Path dir = Files.createDirectories(work.resolve("root-bwrap"));
        Path store = dir.resolve("store");
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN echo ran\n");
        run(List.of(REPO.resolve("testdata/base-images/busybox/build").toString(), "busybox:latest",
                "--cache-dir=" + store));
        Process p = new ProcessBuilder(java, "-jar", cli, "build", "--progress=plain", "--cache-dir=" + store,
                "--sandbox=bwrap", context.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("as root use --sandbox=unshare or --sandbox=oci"), out);
        assertFalse(out.contains("#2 0."), "the step ran:\n" + out);
    }

    private static String build(String user, Path store, String sandbox, String snapshotter, Path context)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (!user.equals("root")) {
            command.addAll(List.of("runuser", "-u", user, "--"));
        }
        command.addAll(List.of(java, "-jar", cli, "build", "--progress=plain", "--no-cache", "--cache-dir=" + store,
                "--sandbox=" + sandbox, "--snapshotter=" + snapshotter, context.toString()));
        return run(command);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + " failed:\n" + out);
        return out;
    }
}
