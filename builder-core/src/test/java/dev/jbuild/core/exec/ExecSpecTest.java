package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A step's spec refuses what no sandbox could run and fills in Docker's defaults. */
class ExecSpecTest {

    private final Path root = Path.of("/tmp/root");

    @Test
    void refusesWhatCannotRun() {
        assertThrows(IllegalArgumentException.class, () -> ExecSpec.of(Path.of("root"), List.of("true")));
        assertThrows(IllegalArgumentException.class, () -> ExecSpec.of(root, List.of()));
        assertThrows(IllegalArgumentException.class, () -> ExecSpec.of(root, List.of("true")).withEnv(List.of("=x")));
        assertThrows(IllegalArgumentException.class, () -> ExecSpec.of(root, List.of("true")).withEnv(List.of("NOVALUE")));
        assertThrows(IllegalArgumentException.class, () -> ExecSpec.of(root, List.of("true")).withWorkdir("relative"));
        assertThrows(IllegalArgumentException.class, () -> ExecSpec.of(root, List.of("a\0b")));
        assertThrows(IllegalArgumentException.class, () -> ExecSpec.of(root, List.of("true")).withHostname("bad host"));
        assertThrows(IllegalArgumentException.class, () -> ExecSpec.of(root, List.of("true")).withTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> new Mount.Bind(Path.of("rel"), "/x", false));
        assertThrows(IllegalArgumentException.class, () -> new Mount.Tmpfs("x", 0));
    }

    @Test
    void environmentGetsDefaultPathAndHomeAndLaterDuplicatesWin() {
        ExecSpec spec = ExecSpec.of(root, List.of("true")).withEnv(List.of("A=1", "B=2", "A=3"));
        ContainerUser app = new ContainerUser(1000, 1000, List.of(), "/home/app");

        assertEquals(List.of("B=2", "A=3", "PATH=" + ExecSpec.DEFAULT_PATH, "HOME=/home/app"), spec.effectiveEnv(app));
        assertEquals(List.of("PATH=/bin", "HOME=/h"),
                spec.withEnv(List.of("PATH=/bin", "HOME=/h")).effectiveEnv(app));
    }

    @Test
    void defaultsAreRootInSlashWithHostNetworkAndNoTimeout() {
        ExecSpec spec = ExecSpec.shell(root, "echo hi");

        assertEquals(List.of("/bin/sh", "-c", "echo hi"), spec.argv());
        assertEquals("/", spec.workdir());
        assertEquals("", spec.user());
        assertEquals(NetworkMode.DEFAULT, spec.network());
        assertEquals(Duration.ZERO, spec.timeout());
        assertEquals(ExecSpec.DEFAULT_HOSTNAME, spec.hostname());
    }
}
