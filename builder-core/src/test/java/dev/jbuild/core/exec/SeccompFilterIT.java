package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jbuild.core.testing.BusyboxRootfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled filter on the real kernel: loaded by the unshare sandbox's setup program inside a
 * user namespace, as in a step, and by bwrap from a descriptor. Each denial is checked against
 * the same command without the filter, which succeeds, so the filter is what denies it.
 */
class SeccompFilterIT {

    private static final Path BUSYBOX = BusyboxRootfs.HOST_BUSYBOX;
    private static final String DENIED = "Operation not permitted";

    @TempDir
    Path temp;
    Path program;
    SeccompFilter filter;

    record Result(int exit, String output) {
    }

    @BeforeEach
    void writeProgram() throws IOException {
        filter = SeccompFilter.forHost().orElseThrow(() -> new AssertionError("no syscall table for " + System.getProperty("os.arch")));
        // jbtest must reach the program: @TempDir is private to root.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        program = filter.writeProgram(temp.resolve("seccomp.bpf"));
    }

    private static Path tool(String name, String debianPackage) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path path = Path.of(dir, name);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        return fail("this test needs " + name + ": apt-get install " + debianPackage);
    }

    private static Path perl() {
        return tool("perl", "perl-base");
    }

    /** Runs {@code argv} in a new user and mount namespace as its root, as the unshare sandbox's script does. */
    private Result inUserNamespace(List<String> argv) throws Exception {
        List<String> command = new ArrayList<>(List.of(tool("unshare", "util-linux").toString(),
                "--user", "--map-root-user", "--mount", "--"));
        command.addAll(argv);
        return run(command);
    }

    /** The unshare sandbox's setup program, loading the filter and exec'ing {@code argv}. */
    private List<String> loaded(String... argv) throws IOException {
        return planned(plan().add("seccomp", program.toString()).add("exec", argv));
    }

    private static SetupPlan plan() {
        return new SetupPlan(SyscallArch.host().orElseThrow());
    }

    private List<String> planned(SetupPlan plan) throws IOException {
        Path file = plan.write(Files.createTempFile(temp, "setup", ".plan"));
        // readable by the users the tests switch to
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return SetupPlan.command(perl(), file);
    }

    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " timed out:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    private String namespaceAndMountAttempts() throws IOException {
        Path target = Files.createDirectories(temp.resolve("mnt"));
        return BUSYBOX + " unshare -U true && echo made-a-user-namespace; "
                + BUSYBOX + " mount -t tmpfs x " + target + " && echo mounted; echo done";
    }

    @Test
    void underTheLoaderNewNamespacesAndMountsFailWithEperm() throws Exception {
        String script = namespaceAndMountAttempts();
        Result without = inUserNamespace(List.of(BUSYBOX.toString(), "sh", "-c", script));
        assertTrue(without.output().contains("made-a-user-namespace") && without.output().contains("mounted"),
                "without the filter both work, so the test can fail: " + without);

        Result with = inUserNamespace(loaded(BUSYBOX.toString(), "sh", "-c", script));

        assertFalse(with.output().contains("made-a-user-namespace"), with.output());
        assertFalse(with.output().contains("mounted"), with.output());
        assertTrue(with.output().contains("unshare: unshare(0x10000000): " + DENIED), with.output());
        assertTrue(with.output().contains("mount: permission denied"), "busybox's words for EPERM: " + with.output());
        assertTrue(with.output().contains("done"), with.output());
    }

    @Test
    void underTheLoaderAShellAThreadedProgramAndSetuidStillWork() throws Exception {
        Result shell = inUserNamespace(loaded(BUSYBOX.toString(), "sh", "-c", "echo ok; grep -E 'Seccomp|NoNewPrivs' /proc/self/status"));
        // glibc's pthread_create tries clone3 first: ENOSYS must send it to clone.
        Result threads = inUserNamespace(loaded(perl().toString(), "-Mthreads", "-e",
                "print threads->create(sub { 'from-a-thread' })->join, qq{\\n}"));

        assertEquals(0, shell.exit(), shell.output());
        assertTrue(shell.output().startsWith("ok\n"), shell.output());
        assertTrue(shell.output().contains("Seccomp:\t2"), "filter mode: " + shell.output());
        assertTrue(shell.output().contains("NoNewPrivs:\t0"), "setuid programs keep working: " + shell.output());
        assertEquals(new Result(0, "from-a-thread\n"), threads);
    }

    @Test
    void underTheLoaderTheKernelKeyringIsOutOfReach() throws Exception {
        SyscallArch arch = SyscallArch.host().orElseThrow();
        // keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, create) and add_key("user", "jbuild", "x", 1, session)
        String probe = "my $id = syscall(" + arch.number("keyctl").orElseThrow() + ", 0, -3, 1);"
                + " print $id < 0 ? qq{keyctl: $!\\n} : qq{keyctl: keyring $id\\n};"
                + " my ($type, $name, $payload) = ('user', 'jbuild', 'x');"
                + " my $key = syscall(" + arch.number("add_key").orElseThrow() + ", $type, $name, $payload, 1, -3);"
                + " print $key < 0 ? qq{add_key: $!\\n} : qq{add_key: key $key\\n};";
        Result without = inUserNamespace(List.of(perl().toString(), "-e", probe));
        assertTrue(without.output().contains("keyctl: keyring "), "without the filter the keyring answers: " + without);

        Result with = inUserNamespace(loaded(perl().toString(), "-e", probe));

        assertEquals("keyctl: " + DENIED + "\nadd_key: " + DENIED + "\n", with.output());
    }

    /**
     * Run as the host's root (these tests run as root), since a user namespace unshare(1) maps
     * for us denies setgroups whatever the filter says; the sandbox's namespace allows it.
     */
    @Test
    void theSetupsLastSystemCallsRunUnderTheFilter() throws Exception {
        Path root = BusyboxRootfs.create(temp.resolve("root"));
        // As the unshare sandbox's setup ends: bounding set, groups, environment, chroot, chdir, exec.
        SetupPlan plan = plan().add("seccomp", program.toString())
                .add("bounding-set", DefaultCapabilities.numbers().stream().map(String::valueOf).toList())
                .add("gid", "0").add("env", "STEP=yes").add("cd", root.toString()).add("chroot", "/tmp")
                .add("exec", "/bin/sh", "-c", "echo $STEP in $(pwd); ls /; unshare -U true || echo no-namespace");

        Result result = run(planned(plan));

        assertEquals(0, result.exit(), result.output());
        assertTrue(result.output().startsWith("yes in /tmp\n"), result.output());
        assertTrue(result.output().contains("etc\n"), "the image's root: " + result.output());
        assertTrue(result.output().contains(DENIED + "\nno-namespace\n"), result.output());
    }

    @Test
    void withoutCapSysAdminTheLoaderFailsLoudlyAndRunsNothing() throws Exception {
        Result result = run(new ArrayList<>(List.of(tool("setpriv", "util-linux").toString(), "--reuid=65534",
                "--regid=65534", "--clear-groups", "--")) {{ addAll(loaded(BUSYBOX.toString(), "echo", "ran")); }});

        assertEquals(SeccompFilter.LOADER_FAILED, result.exit(), result.output());
        assertEquals("jbuild seccomp: the kernel refused the filter " + program + ": Permission denied\n", result.output());
    }

    @Test
    void anOrdinaryUserLoadsTheFilterInItsOwnUserNamespace() throws Exception {
        String script = namespaceAndMountAttempts() + "; id -u";
        List<String> command = new ArrayList<>(List.of("runuser", "-u", UnprivilegedSandboxIT.USER, "--",
                tool("unshare", "util-linux").toString(), "--user", "--map-root-user", "--mount", "--"));
        command.addAll(loaded(BUSYBOX.toString(), "sh", "-c", script));

        Result result = run(command);

        assertTrue(result.output().contains("unshare(0x10000000): " + DENIED), result.output());
        assertTrue(result.output().contains("mount: permission denied"), result.output());
        assertTrue(result.output().endsWith("done\n0\n"), result.output());
    }

    @Test
    void bwrapLoadsTheSameProgramFromADescriptor() throws Exception {
        String script = BUSYBOX + " unshare -U true && echo made-a-user-namespace;"
                + " grep Seccomp: /proc/self/status; ls /proc/self/fd; echo done";
        Result without = run(bwrap(List.of(), script));
        assertTrue(without.output().contains("made-a-user-namespace"), "without the filter it works: " + without);

        List<String> command = new ArrayList<>(SeccompFilter.onDescriptor(tool("sh", "dash"), program));
        command.addAll(bwrap(SeccompFilter.bwrapOptions(), script));
        Result with = run(command);

        assertEquals(0, with.exit(), with.output());
        assertFalse(with.output().contains("made-a-user-namespace"), with.output());
        assertTrue(with.output().contains("unshare(0x10000000): " + DENIED), with.output());
        assertTrue(with.output().contains("Seccomp:\t2"), with.output());
        assertTrue(with.output().contains("0\n1\n2\n3\ndone"), "only ls's own directory on 3, bwrap closed the program's: "
                + with.output());
    }

    @Test
    void anOrdinaryUsersBwrapLoadsItToo() throws Exception {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", UnprivilegedSandboxIT.USER, "--"));
        command.addAll(SeccompFilter.onDescriptor(tool("sh", "dash"), program));
        command.addAll(bwrap(SeccompFilter.bwrapOptions(), BUSYBOX + " unshare -U true || echo no-namespace"));

        Result result = run(command);

        assertEquals(new Result(0, "unshare: unshare(0x10000000): " + DENIED + "\nno-namespace\n"), result);
    }

    private static List<String> bwrap(List<String> options, String script) {
        List<String> command = new ArrayList<>(List.of(tool("bwrap", "bubblewrap").toString(), "--unshare-user",
                "--unshare-pid", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev"));
        command.addAll(options);
        command.addAll(List.of("--", BUSYBOX.toString(), "sh", "-c", script));
        return command;
    }
}
