package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.BusyboxRootfs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a step sees of itself in the unshare sandbox, run by host root as the default: its ids,
 * capabilities, seccomp and no_new_privs state, mounts, host name, id maps, /dev and
 * environment, all as Docker's default RUN has them. Written down when the sandbox's setup was
 * a shell script exec'ing a dozen host tools, so that its replacement, one setup process, shows
 * a step exactly the same (UnprivilegedSandboxIT covers an ordinary user's runs).
 */
class UnshareStepViewIT {

    private static final String STATUS = "grep -E '^(Uid|Gid|Groups|Cap|NoNewPrivs|Seccomp)' /proc/self/status";

    @TempDir
    Path temp;
    Path root;
    Sandbox sandbox;

    @BeforeEach
    void createRootfs() throws Exception {
        root = BusyboxRootfs.create(temp.resolve("root"));
        sandbox = SandboxKinds.sandbox(SandboxKind.UNSHARE);
        assertTrue(HostProbe.system().hostRoot(), "these tests run as root, as CI's do");
    }

    @Test
    void aRootStepHasDockersCapabilitiesTheFilterAndNoNoNewPrivs() throws Exception {
        ExecResult result = sandbox.run(ExecSpec.shell(root, STATUS));

        assertEquals("""
                Uid:\t0\t0\t0\t0
                Gid:\t0\t0\t0\t0
                Groups:\t\s
                CapInh:\t0000000000000000
                CapPrm:\t00000000a80425fb
                CapEff:\t00000000a80425fb
                CapBnd:\t00000000a80425fb
                CapAmb:\t0000000000000000
                NoNewPrivs:\t0
                Seccomp:\t2
                Seccomp_filters:\t1
                """, result.outputTail());
    }

    @Test
    void anotherUsersStepHasAllItsIdsItsGroupsAndNoCapabilitiesLeft() throws Exception {
        ExecResult result = sandbox.run(ExecSpec.shell(root, STATUS + "; pwd").withUser("app").withWorkdir("/tmp"));

        assertEquals("""
                Uid:\t1000\t1000\t1000\t1000
                Gid:\t1000\t1000\t1000\t1000
                Groups:\t29\s
                CapInh:\t0000000000000000
                CapPrm:\t0000000000000000
                CapEff:\t0000000000000000
                CapBnd:\t00000000a80425fb
                CapAmb:\t0000000000000000
                NoNewPrivs:\t0
                Seccomp:\t2
                Seccomp_filters:\t1
                /tmp
                """, result.outputTail());
    }

    @Test
    void theMountsAreTheRootProcDevAndProcsProtections() throws Exception {
        ExecResult result = sandbox.run(ExecSpec.shell(root, "cat /proc/self/mountinfo"));

        List<String> seen = new ArrayList<>();
        for (String line : result.outputTail().lines().toList()) {
            String[] fields = line.split(" ");
            String type = line.substring(line.indexOf(" - ") + 3).split(" ")[0];
            seen.add(fields[4] + " " + fields[5].replace(",relatime", "") + " " + type);
        }
        String hostDev = seen.get(3).substring(seen.get(3).lastIndexOf(' ') + 1);
        String scratch = seen.get(seen.size() - 1).substring(seen.get(seen.size() - 1).lastIndexOf(' ') + 1);
        assertTrue(seen.get(0).startsWith("/ rw,nodev "), "the root, bound onto itself: " + seen.get(0));
        List<String> expected = new ArrayList<>(List.of(seen.get(0), "/proc rw,nosuid,nodev,noexec proc", "/dev rw,nosuid tmpfs"));
        for (String device : List.of("null", "zero", "full", "random", "urandom", "tty")) {
            expected.add("/dev/" + device + " rw " + hostDev);
        }
        expected.addAll(List.of("/dev/pts rw,nosuid,noexec devpts", "/dev/shm rw,nosuid,nodev,noexec tmpfs"));
        ProcProtection.readOnly().forEach(p -> expected.add("/proc" + p + " ro,nosuid,nodev,noexec proc"));
        ProcProtection.maskedFiles().forEach(p -> expected.add("/proc" + p + " ro,nosuid,noexec " + hostDev));
        ProcProtection.maskedDirectories().forEach(p -> expected.add("/proc" + p + " ro,nosuid,nodev,noexec tmpfs"));
        expected.addAll(List.of("/etc/hosts ro,nodev " + scratch, "/etc/resolv.conf ro,nodev " + scratch));
        assertEquals(expected, seen, result.outputTail());
    }

    @Test
    void theHostNameIdMapsDevAndEnvironmentAreTheSteps() throws Exception {
        ExecResult result = sandbox.run(ExecSpec.shell(root, "hostname; cat /proc/self/uid_map /proc/self/gid_map"
                + " /proc/self/setgroups | tr -s ' ' | sed 's/^ //'; stat -c '%n %F %u:%g %a' /dev/* /dev/pts/*;"
                + " tr '\\0' '\\n' < /proc/$$/environ; ulimit -n"));

        String maps = result.idMapping().uidMapText().trim() + "\n" + result.idMapping().gidMapText().trim() + "\n";
        String devices = "";
        for (String device : List.of("full", "null", "random", "tty", "urandom", "zero")) {
            devices += "/dev/" + device + " character special file 65534:65534 666\n";
        }
        assertEquals("jbuild\n" + maps + "allow\n"
                + "/dev/fd symbolic link 65534:65534 777\n" + devices.substring(0, devices.indexOf("/dev/random"))
                + "/dev/ptmx symbolic link 65534:65534 777\n"
                + "/dev/pts directory 65534:65534 755\n" + devices.substring(devices.indexOf("/dev/random"), devices.indexOf("/dev/tty"))
                + "/dev/shm directory 0:0 1777\n"
                + "/dev/stderr symbolic link 65534:65534 777\n/dev/stdin symbolic link 65534:65534 777\n"
                + "/dev/stdout symbolic link 65534:65534 777\n" + devices.substring(devices.indexOf("/dev/tty"))
                + "/dev/pts/ptmx character special file 65534:65534 666\n"
                + "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOME=/root\n"
                + Long.toString(hostOpenFiles()) + "\n", result.outputTail());
    }

    // a step inherits the JVM's soft limit of open files when it sets none
    private static long hostOpenFiles() throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "ulimit -n").start();
        String out = new String(process.getInputStream().readAllBytes()).trim();
        process.waitFor();
        return Long.parseLong(out);
    }
}
