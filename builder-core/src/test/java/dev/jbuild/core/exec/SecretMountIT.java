package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.BusyboxRootfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code RUN --mount=type=secret} in every sandbox kind, in a real busybox root: the step sees a
 * read-only private copy with the mode, uid and gid asked (0400 root:root by default), and a
 * secret variable's value reaches the step's environment and no command line.
 */
class SecretMountIT {

    private static final String ALL = "dev.jbuild.core.exec.SandboxKinds#all";
    private static final String RANGED = "dev.jbuild.core.exec.SandboxKinds#withIdRanges";
    private static final String VALUE = "s3cret-value-7f3a91\nsecond line\n\n";

    @TempDir
    Path temp;
    Path root;
    Path secret;

    @BeforeEach
    void createRootfsAndSecret() throws Exception {
        root = BusyboxRootfs.create(temp.resolve("root"));
        // world-readable on the host: the mode the step sees must come from the mount, not the source
        secret = Files.writeString(temp.resolve("token"), VALUE);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private ExecResult catSecret(Sandbox sandbox, String user, int mode, long uid, long gid) throws InterruptedException {
        return sandbox.run(ExecSpec.shell(root, "cat /run/secrets/token >/dev/null 2>&1 && echo read || echo denied")
                .withUser(user)
                .withMounts(List.of(new Mount.Secret(secret, "/run/secrets/token", mode, uid, gid))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void userNobodyCannotReadADefaultModeSecretThatRootCan(Sandbox sandbox) throws Exception {
        assertEquals("denied\n", catSecret(sandbox, "nobody", 0400, 0, 0).outputTail());
        assertEquals("read\n", catSecret(sandbox, "", 0400, 0, 0).outputTail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void mode0444LetsUserNobodyReadTheSecret(Sandbox sandbox) throws Exception {
        assertEquals("read\n", catSecret(sandbox, "nobody", 0444, 0, 0).outputTail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RANGED)
    void uidAndGidAskedAreTheOwnerInsideAndOnlyThatUserReads(Sandbox sandbox) throws Exception {
        ExecResult stat = sandbox.run(ExecSpec.shell(root, "stat -c '%u:%g %a' /run/secrets/token")
                .withMounts(List.of(new Mount.Secret(secret, "/run/secrets/token", 0400, 1000, 1000))));

        assertEquals("1000:1000 400\n", stat.outputTail());
        assertEquals("read\n", catSecret(sandbox, "app", 0400, 1000, 1000).outputTail());
        assertEquals("denied\n", catSecret(sandbox, "nobody", 0400, 1000, 1000).outputTail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void theSecretIsAReadOnlyCopyThatLeavesNothingInTheRoot(Sandbox sandbox) throws Exception {
        Path scratch = Files.createDirectories(temp.resolve("scratch"));
        Sandbox inScratch = switch (sandbox.kind()) {
            case OCI -> new OciRuntimeSandbox(HostProbe.system(), scratch);
            case BWRAP -> new BubblewrapSandbox(HostProbe.system(), scratch);
            case UNSHARE -> new UnshareSandbox(HostProbe.system(), scratch);
        };
        ExecResult result = inScratch.run(ExecSpec.shell(root, "cat /run/secrets/token;"
                        + " { echo changed > /run/secrets/token; } 2>/dev/null && echo writable || echo read-only")
                .withMounts(List.of(new Mount.Secret(secret, "/run/secrets/token", 0600, 0, 0))));

        assertEquals(VALUE + "read-only\n", result.outputTail());
        assertEquals(VALUE, Files.readString(secret), "the host file is untouched");
        assertFalse(Files.exists(root.resolve("run"), LinkOption.NOFOLLOW_LINKS), "/run stub removed");
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(List.of(), left.toList(), "the private copy went with the run's scratch directory");
        }
        assertFalse(containsValue(root), "the value is nowhere in the root filesystem");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void aSecretVariableReachesTheStepExactlyAndNoCommandLine(Sandbox sandbox) throws Exception {
        ExecSpec spec = ExecSpec.shell(root, "printf %s \"$TOKEN\" > /tmp/seen; env > /tmp/env; touch /tmp/started;"
                        + " sleep 1; test -e /run/secrets/TOKEN && echo has-file || echo no-file")
                .withSecretEnv(List.of(new SecretVariable("TOKEN", secret)));
        CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return sandbox.run(spec);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Path started = root.resolve("tmp/started");
        for (int i = 0; i < 200 && !Files.exists(started); i++) {
            Thread.sleep(25);
        }
        assertTrue(Files.exists(started), "the step started");
        List<String> leaking = commandLinesContaining(VALUE.substring(0, 19));
        ExecResult result = running.get(60, TimeUnit.SECONDS);

        assertEquals("no-file\n", result.outputTail());
        assertEquals(List.of(), leaking, "no host process shows the value in its command line");
        assertEquals(VALUE, Files.readString(root.resolve("tmp/seen")), "the value, trailing newlines included");
        String env = Files.readString(root.resolve("tmp/env"));
        assertFalse(env.contains("PWD=" + temp) || env.contains(temp.toString()), "no host path in the environment: " + env);
        assertFalse(spec.env().stream().anyMatch(e -> e.contains("s3cret")), "the spec's env never holds it");
    }

    @Test
    void theUnshareSetupPlanNamesSecretVariablesByFileNeverByValue() throws Exception {
        ExecSpec spec = ExecSpec.shell(root, "true").withEnv(List.of("PWD=/app"))
                .withSecretEnv(List.of(new SecretVariable("TOKEN", secret)));
        try (PreparedRun run = PreparedRun.prepare(SandboxKind.UNSHARE, spec, temp.resolve("scratch"),
                IdMapping.identity(), false)) {
            Path plan = UnshareSetup.write(run, IdMapping.identity(), false, SyscallArch.host().orElseThrow());
            String text = Files.readString(plan).replace('\0', ' ');

            assertFalse(text.contains("s3cret"), text);
            assertTrue(text.contains("secret 2 TOKEN " + run.scratch.resolve("secret-env-0")), text);
            assertTrue(text.contains("PWD=/app"), "the step's own PWD is kept: " + text);
            assertEquals(VALUE, Files.readString(run.scratch.resolve("secret-env-0")));
        }
    }

    @Test
    void withoutTheAskedOwnerTheOwnersBitsAreCutToTheOthers() {
        assertEquals(0000, SecretFiles.narrowed(0400, false, false));
        assertEquals(0444, SecretFiles.narrowed(0644, false, false));
        assertEquals(0400, SecretFiles.narrowed(0440, true, false));
        assertEquals(0040, SecretFiles.narrowed(0440, false, true));
        assertNotEquals(0400, SecretFiles.narrowed(0400, false, true));
    }

    private static boolean containsValue(Path tree) throws IOException {
        try (Stream<Path> walk = Files.walk(tree)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("s3cret-value")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The host processes whose command line holds {@code text}, as pid: command line. */
    private static List<String> commandLinesContaining(String text) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (!proc.getFileName().toString().matches("\\d+")) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(text)) {
                        found.add(proc.getFileName() + ": " + cmdline.replace('\0', ' '));
                    }
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }
}
