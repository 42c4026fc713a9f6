package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.BusyboxRootfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A step cannot see the host's processes or files, nor its network with {@code --network=none}. */
class SandboxIsolationIT {

    private static final String ALL = "dev.jbuild.core.exec.SandboxKinds#all";

    @TempDir
    Path temp;
    Path root;

    @BeforeEach
    void createRootfs() throws Exception {
        root = BusyboxRootfs.create(temp.resolve("root"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void hostProcessesAreInvisible(Sandbox sandbox) throws Exception {
        ExecResult result = sandbox.run(ExecSpec.shell(root, "ls /proc | grep '^[0-9]*$' | wc -l; ps -o pid,args"));

        List<String> lines = result.outputTail().lines().toList();
        int pids = Integer.parseInt(lines.get(0).trim());
        // The step's shell, ls, grep and wc, plus bwrap's own init: never the host's hundreds.
        assertTrue(pids <= 6, "processes visible: " + result.outputTail());
        assertTrue(lines.stream().noneMatch(l -> l.contains("java") || l.contains("surefire")), result.outputTail());
        long hostProcesses = ProcessHandle.allProcesses().count();
        assertTrue(hostProcesses > pids, "the host has " + hostProcesses);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void hostFilesOutsideTheRootAreUnreachable(Sandbox sandbox) throws Exception {
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Path marker = Files.writeString(elsewhere.resolve("marker"), "host secret");
        Files.setPosixFilePermissions(marker, PosixFilePermissions.fromString("rw-r--r--"));

        ExecResult result = sandbox.run(ExecSpec.shell(root, "cat " + marker + " 2>&1; cat " + root.resolve("etc/passwd")
                + " 2>&1; cat /etc/shadow 2>&1; ls /; cd /; cd ../../..; ls"));

        String output = result.outputTail();
        assertFalse(output.contains("host secret"), output);
        assertTrue(output.contains("can't open '" + marker + "': No such file or directory"), output);
        assertTrue(output.contains("can't open '/etc/shadow': No such file or directory"), output);
        Set<String> listed = new TreeSet<>(output.lines().filter(l -> !l.contains(":")).toList());
        Set<String> image = new TreeSet<>(List.of("bin", "dev", "etc", "home", "proc", "root", "sys", "tmp"));
        assertEquals(image, listed, "/ and /../../.. both list the image's root, nothing of the host's");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void rootInsideCannotUndoItsMounts(Sandbox sandbox) throws Exception {
        ExecResult result = sandbox.run(ExecSpec.shell(root,
                "umount /etc/hosts 2>/dev/null && echo unmounted; umount -l / 2>/dev/null && echo unmounted-root;"
                        + " mount -t tmpfs none /tmp 2>/dev/null && echo mounted; grep CapEff /proc/self/status"));

        String output = result.outputTail();
        assertFalse(output.contains("unmounted") || output.contains("mounted\n"), output);
        // Docker's default set (no CAP_SYS_ADMIN): bits 0-8 except 9, 10, 13, 27, 29, 31
        assertTrue(output.contains("CapEff:\t00000000a80425fb"), output);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void networkNoneHasOnlyLoopbackAndItIsUp(Sandbox sandbox) throws Exception {
        ExecResult result = sandbox.run(ExecSpec.shell(root,
                "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; ip -o link | grep -c UP")
                .withNetwork(NetworkMode.NONE));

        assertEquals("lo\n1\n", result.outputTail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void defaultNetworkIsTheHosts(Sandbox sandbox) throws Exception {
        ExecResult result = sandbox.run(ExecSpec.shell(root, "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort"));

        List<String> host = Files.readAllLines(Path.of("/proc/net/dev")).stream().skip(2)
                .map(l -> l.substring(0, l.indexOf(':')).trim()).sorted().toList();
        assertEquals(String.join("\n", host) + "\n", result.outputTail());
        assertNotEquals(List.of("lo"), host, "this test needs a host with more than loopback");
    }
}
