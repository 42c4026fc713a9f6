package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostProbeTest {

    @TempDir
    Path host;

    @Test
    void rootRangeIsJbuildsThenContainersThenRootsElseTheDefault() throws Exception {
        Path etc = Files.createDirectories(host.resolve("etc"));
        HostProbe probe = new HostProbe("", host);
        assertEquals(HostProbe.DEFAULT_ROOT_RANGE, probe.rootRange(), "no /etc/subuid at all");

        Files.writeString(etc.resolve("subuid"), "jbtest:100000:65536\nroot:200000:65536\n");
        Files.writeString(etc.resolve("subgid"), "jbtest:100000:65536\nroot:200000:65536\n");
        assertEquals(new SubordinateIds(200000, 65536, 200000, 65536), new HostProbe("", host).rootRange());

        Files.writeString(etc.resolve("subuid"), "root:200000:65536\ncontainers:300000:70000\n");
        Files.writeString(etc.resolve("subgid"), "root:200000:65536\ncontainers:300000:70000\n");
        assertEquals(new SubordinateIds(300000, 70000, 300000, 70000), new HostProbe("", host).rootRange());

        Files.writeString(etc.resolve("subuid"), "containers:300000:70000\njbuild:400000:1000000\n");
        Files.writeString(etc.resolve("subgid"), "containers:300000:70000\njbuild:400000:1000000\n");
        assertEquals(new SubordinateIds(400000, 1000000, 400000, 1000000), new HostProbe("", host).rootRange());
    }

    @Test
    void theDefaultRangeStaysBelowTheSignedIntLimit() {
        // host ids pass through int-typed file attributes; a range reaching 2^31 would turn negative there
        SubordinateIds range = HostProbe.DEFAULT_ROOT_RANGE;
        assertTrue(range.uidStart() + range.uidCount() <= Integer.MAX_VALUE);
        assertTrue(range.gidStart() + range.gidCount() <= Integer.MAX_VALUE);
    }

    /** As a Docker container's mountinfo has it: /dev/shm nosuid and noexec, the root neither. */
    @Test
    void scratchCandidatesOnNosuidOrNoexecMountsAreRecognisedByTheirLongestMountPoint() {
        String mountinfo = """
                600 500 0:52 / / rw,relatime master:1 - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w
                601 600 0:55 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755
                602 601 0:57 / /dev/shm rw,nosuid,nodev,noexec,relatime - tmpfs shm rw,size=65536k
                603 600 0:58 / /run/user/my\\040dir rw,noexec - tmpfs tmpfs rw
                """;
        assertTrue(HostProbe.mountedNosuidOrNoexec(mountinfo, Path.of("/dev/shm")));
        assertTrue(HostProbe.mountedNosuidOrNoexec(mountinfo, Path.of("/dev/shm/sub")));
        assertTrue(HostProbe.mountedNosuidOrNoexec(mountinfo, Path.of("/dev")));
        assertTrue(HostProbe.mountedNosuidOrNoexec(mountinfo, Path.of("/run/user/my dir")));
        assertFalse(HostProbe.mountedNosuidOrNoexec(mountinfo, Path.of("/tmp")));
        assertFalse(HostProbe.mountedNosuidOrNoexec(mountinfo, Path.of("/dev-not-dev")));
        assertFalse(HostProbe.mountedNosuidOrNoexec("", Path.of("/dev/shm")), "no mountinfo: nothing known");
    }
}
