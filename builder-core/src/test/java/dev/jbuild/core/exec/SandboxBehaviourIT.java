package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.BusyboxRootfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a RUN step sees and returns, on every sandbox kind, in a real busybox root filesystem. */
class SandboxBehaviourIT {

    private static final String ALL = "dev.jbuild.core.exec.SandboxKinds#all";

    @TempDir
    Path temp;
    Path root;

    @BeforeEach
    void createRootfs() throws Exception {
        root = BusyboxRootfs.create(temp.resolve("root"));
    }

    private ExecResult run(Sandbox sandbox, ExecSpec spec) throws InterruptedException {
        return sandbox.run(spec);
    }

    private ExecResult sh(Sandbox sandbox, String script) throws InterruptedException {
        return run(sandbox, ExecSpec.shell(root, script));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void returnsExitCodeAndOutputOfBothStreams(Sandbox sandbox) throws Exception {
        ExecResult result = sh(sandbox, "echo to-stdout; echo to-stderr >&2");

        assertEquals(0, result.exitCode());
        assertTrue(result.succeeded());
        assertTrue(result.outputTail().contains("to-stdout\n"), result.outputTail());
        assertTrue(result.outputTail().contains("to-stderr\n"), result.outputTail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void failingCommandIsAResultWithItsExitCodeAndTheTailOfItsOutput(Sandbox sandbox) throws Exception {
        // 100,000 numbered lines: far more than the tail keeps. stdout and stderr are read by two
        // threads, so their order in the tail is not defined; stderr is checked on its own below.
        ExecResult result = sh(sandbox, "seq 1 100000; exit 3");

        assertEquals(3, result.exitCode());
        assertFalse(result.succeeded());
        String tail = result.outputTail();
        assertTrue(tail.endsWith("99999\n100000\n"), tail.substring(Math.max(0, tail.length() - 200)));
        assertTrue(sh(sandbox, "echo 'it broke' >&2; exit 4").outputTail().contains("it broke\n"), "stderr is kept");
        assertTrue(tail.getBytes(StandardCharsets.UTF_8).length <= ExecResult.TAIL_BYTES);
        assertFalse(tail.contains("\n1\n2\n3\n"), "the head of the output is dropped");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void shmSizeAndUlimitsReachTheStepsProcess(Sandbox sandbox) throws Exception {
        // lowered hard limits: raising one takes CAP_SYS_RESOURCE, which a container's root may lack
        RunLimits limits = new RunLimits(16L << 20, List.of(new Ulimit("nofile", 256, 512), new Ulimit("core", 0, 0)));
        ExecResult result = run(sandbox, ExecSpec.shell(root,
                "ulimit -n; ulimit -Hn; ulimit -c; set -- $(df -k /dev/shm | tail -n 1); echo \"$2\"").withLimits(limits));

        assertEquals(0, result.exitCode(), result.outputTail());
        assertEquals(List.of("256", "512", "0", "16384"), result.outputTail().lines().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void devShmIsBuildKitsSixtyFourMebibytesByDefault(Sandbox sandbox) throws Exception {
        ExecResult result = sh(sandbox, "set -- $(df -k /dev/shm | tail -n 1); echo \"$2\"");

        assertEquals("65536\n", result.outputTail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void commandGetsExactlyTheStepsEnvironmentPlusDefaults(Sandbox sandbox) throws Exception {
        ExecResult result = run(sandbox, ExecSpec.of(root, List.of("/bin/env"))
                .withEnv(List.of("GREETING=hello world", "QUOTE=it's \"quoted\" $HOME", "EMPTY=")));

        List<String> env = new ArrayList<>(result.outputTail().lines().toList());
        if (sandbox.kind() == SandboxKind.BWRAP) {
            assertTrue(env.remove("PWD=/"), "bwrap always sets PWD; documented"); // bubblewrap.c sets it after --chdir
        }
        Collections.sort(env);
        assertEquals(List.of("EMPTY=", "GREETING=hello world", "HOME=/root",
                "PATH=" + ExecSpec.DEFAULT_PATH, "QUOTE=it's \"quoted\" $HOME"), env);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void missingWorkdirIsCreatedAsRoot0755AndKept(Sandbox sandbox) throws Exception {
        ExecResult result = run(sandbox, ExecSpec.shell(root, "pwd; touch here").withWorkdir("/srv/app/./src/"));

        assertEquals("/srv/app/src\n", result.outputTail());
        for (String dir : List.of("srv", "srv/app", "srv/app/src")) {
            Path created = root.resolve(dir);
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)), dir);
            assertEquals(result.idMapping().hostUid(0).orElseThrow(),
                    ((Number) Files.getAttribute(created, "unix:uid")).longValue(), dir);
        }
        assertTrue(Files.exists(root.resolve("srv/app/src/here")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void userByNameComesFromTheImagesPasswdAndGroup(Sandbox sandbox) throws Exception {
        ExecResult result = run(sandbox, ExecSpec.shell(root, "id; echo $HOME").withUser("app"));

        assertEquals(0, result.exitCode(), result.outputTail());
        // Supplementary groups need setgroups: not with bwrap, not with only root mapped, not with rootless runc.
        HostProbe host = HostProbe.system();
        boolean groups = sandbox.kind() != SandboxKind.BWRAP && host.namespaceMapping().setgroupsAllowed()
                && (sandbox.kind() != SandboxKind.OCI || host.identity().root());
        String expectedGroups = groups ? " groups=29(audio)" : "";
        if (sandbox.kind() == SandboxKind.OCI && !host.identity().root()) {
            // Rootless runc never calls setgroups, so the step keeps the invoking user's groups (0 inside); documented.
            expectedGroups = " groups=0(root)";
        }
        assertEquals("uid=1000(app) gid=1000(app)" + expectedGroups + "\n/home/app\n",
                result.outputTail().replace(" groups=1000(app)", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void numericUserWithoutPasswdEntryRunsWithGidZero(Sandbox sandbox) throws Exception {
        ExecResult result = run(sandbox, ExecSpec.shell(root, "id -u; id -g; echo $HOME").withUser("4242"));

        assertEquals("4242\n0\n/\n", result.outputTail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void numericUserAndGroupAreTakenAsGiven(Sandbox sandbox) throws Exception {
        ExecResult result = run(sandbox, ExecSpec.shell(root, "id -u; id -g").withUser("1000:29"));

        assertEquals("1000\n29\n", result.outputTail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void unknownUserIsASandboxErrorNamingIt(Sandbox sandbox) {
        SandboxException error = assertThrows(SandboxException.class,
                () -> run(sandbox, ExecSpec.shell(root, "true").withUser("ghost")));

        assertTrue(error.getMessage().contains("ghost"), error.getMessage());
        assertEquals(sandbox.kind(), error.kind());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void hostnameHostsAndResolvConfAreProvided(Sandbox sandbox) throws Exception {
        ExecResult result = run(sandbox, ExecSpec.shell(root,
                "hostname; grep -c localhost /etc/hosts; grep -q buildbox /etc/hosts && echo named;"
                        + " grep -q nameserver /etc/resolv.conf && echo resolver").withHostname("buildbox"));

        assertEquals("buildbox\n2\nnamed\nresolver\n", result.outputTail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void writesLandInTheRootFilesystem(Sandbox sandbox) throws Exception {
        sh(sandbox, "mkdir -p /opt/made && echo content > /opt/made/file && ln -s file /opt/made/link");

        assertEquals("content\n", Files.readString(root.resolve("opt/made/file")));
        assertEquals(Path.of("file"), Files.readSymbolicLink(root.resolve("opt/made/link")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void outputIsStreamedToTheSinkWhileTheStepRuns(Sandbox sandbox) throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        run(sandbox, ExecSpec.shell(root, "echo one; echo two >&2; echo three")
                .withOutput(OutputSink.lines((channel, line) -> lines.add(channel + ":" + line))));

        assertEquals(List.of("STDOUT:one", "STDOUT:three"), lines.stream().filter(l -> l.startsWith("STDOUT")).toList());
        assertEquals(List.of("STDERR:two"), lines.stream().filter(l -> l.startsWith("STDERR")).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void aLastLineWithoutANewlineStillReachesTheSink(Sandbox sandbox) throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        run(sandbox, ExecSpec.shell(root, "printf 'first\\nlast without newline'; printf 'err tail' >&2")
                .withOutput(OutputSink.lines((channel, line) -> lines.add(channel + ":" + line))));

        assertEquals(List.of("STDOUT:first", "STDOUT:last without newline"),
                lines.stream().filter(l -> l.startsWith("STDOUT")).toList());
        assertEquals(List.of("STDERR:err tail"), lines.stream().filter(l -> l.startsWith("STDERR")).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void mountPointsTheSandboxCreatedAreReportedAndRemoved(Sandbox sandbox) throws Exception {
        FileTime etcModified = Files.getLastModifiedTime(root.resolve("etc"));
        ExecResult result = sh(sandbox, "ls -d /proc/1 /dev/null /etc/hosts /etc/resolv.conf");

        assertEquals(0, result.exitCode(), result.outputTail());
        assertEquals(List.of(
                new MountStub("/etc/hosts", false, true),
                new MountStub("/etc/resolv.conf", false, true)), result.mountStubs());
        for (String path : List.of("etc/hosts", "etc/resolv.conf")) {
            assertFalse(Files.exists(root.resolve(path), LinkOption.NOFOLLOW_LINKS), path + " left behind");
        }
        assertEquals(etcModified, Files.getLastModifiedTime(root.resolve("etc")), "/etc keeps its mtime");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void aUnixSocketIsBoundLikeAFileAndItsMountPointRemoved(Sandbox sandbox) throws Exception {
        Path socket = temp.resolve("agent.sock");
        try (java.nio.channels.ServerSocketChannel server =
                java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(socket));
            ExecResult result = run(sandbox, ExecSpec.shell(root, "test -S /run/buildkit/ssh_agent.0")
                    .withMounts(List.of(new Mount.Bind(socket, "/run/buildkit/ssh_agent.0", false))));

            assertEquals(0, result.exitCode(), result.outputTail());
            assertTrue(result.mountStubs().contains(new MountStub("/run/buildkit/ssh_agent.0", false, true)),
                    result.mountStubs().toString());
            assertFalse(Files.exists(root.resolve("run"), LinkOption.NOFOLLOW_LINKS), "/run left behind");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void procSysAndDevStayAsEmptyDirectoriesAsInBuildkitLayers(Sandbox sandbox) throws Exception {
        ExecResult result = sh(sandbox, "true");

        assertEquals(0, result.exitCode(), result.outputTail());
        for (String path : List.of("proc", "sys", "dev")) {
            assertTrue(Files.isDirectory(root.resolve(path), LinkOption.NOFOLLOW_LINKS), path + " missing");
            try (var entries = Files.list(root.resolve(path))) {
                assertEquals(0, entries.count(), path + " should be empty on the host side");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void mountPointsTheImageHadAreLeftAloneWithTheirContent(Sandbox sandbox) throws Exception {
        Files.createDirectories(root.resolve("dev"));
        Files.writeString(root.resolve("dev/image-file"), "from the image");
        Files.writeString(root.resolve("etc/hosts"), "1.2.3.4 image\n");

        ExecResult result = sh(sandbox, "cat /etc/hosts; ls /dev/image-file 2>&1 || true");

        assertTrue(result.outputTail().contains("localhost"), "the sandbox's hosts file is in front");
        assertEquals(List.of(new MountStub("/etc/resolv.conf", false, true)), result.mountStubs());
        assertEquals("from the image", Files.readString(root.resolve("dev/image-file")));
        assertEquals("1.2.3.4 image\n", Files.readString(root.resolve("etc/hosts")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void symlinkedResolvConfIsResolvedInsideTheRoot(Sandbox sandbox) throws Exception {
        Files.createSymbolicLink(root.resolve("etc/resolv.conf"), Path.of("/run/resolve/stub.conf"));

        ExecResult result = sh(sandbox, "grep -c nameserver /etc/resolv.conf");

        assertEquals(0, result.exitCode(), result.outputTail());
        assertTrue(result.mountStubs().contains(new MountStub("/run/resolve/stub.conf", false, true)),
                result.mountStubs().toString());
        assertFalse(Files.exists(root.resolve("run")), "stub directories are removed too");
        assertTrue(Files.isSymbolicLink(root.resolve("etc/resolv.conf")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void extraMountsBindHostDirectoriesAndTmpfs(Sandbox sandbox) throws Exception {
        Path readOnly = Files.createDirectories(temp.resolve("ro"));
        Files.writeString(readOnly.resolve("input"), "given\n");
        Path writable = Files.createDirectories(temp.resolve("rw"));
        makeWritableByStepRoot(readOnly, writable);

        ExecResult result = run(sandbox, ExecSpec.shell(root, "cat /mnt/in/input; { echo > /mnt/in/x; } 2>/dev/null"
                        + " || echo read-only; echo out > /cache/output; echo scratch > /scratch/file; ls /scratch")
                .withMounts(List.of(new Mount.Bind(readOnly, "/mnt/in", false), new Mount.Bind(writable, "/cache", true),
                        new Mount.Tmpfs("/scratch", 1 << 20))));

        assertEquals("given\nread-only\nfile\n", result.outputTail());
        assertEquals("out\n", Files.readString(writable.resolve("output")));
        assertFalse(Files.exists(root.resolve("scratch/file")), "tmpfs writes stay out of the root filesystem");
        for (String stub : List.of("mnt", "cache", "scratch")) {
            assertFalse(Files.exists(root.resolve(stub)), stub + " stub removed");
        }
    }

    /** The step's root is the JVM's user on the host; these temp dirs must admit it. */
    private static void makeWritableByStepRoot(Path... dirs) throws IOException {
        for (Path dir : dirs) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
    }
}
