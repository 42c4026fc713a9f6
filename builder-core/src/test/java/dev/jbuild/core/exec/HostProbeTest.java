package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
