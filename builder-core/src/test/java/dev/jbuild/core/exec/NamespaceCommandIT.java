package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real user namespaces with this machine's mapping: the command is root there with the build's
 * id map, its output comes back, and failures and hangs are reported with the command. The
 * ordinary-user side (subordinate ranges through newuidmap) is covered end to end by the CLI's
 * RootlessTreesIT, which removes and commits trees only the namespace may enter.
 */
class NamespaceCommandIT {

    private final HostProbe host = HostProbe.system();

    @Test
    void commandRunsAsRootOfAUserNamespaceWithTheBuildsMapping() throws Exception {
        String output = new NamespaceCommand(host).run(List.of("sh", "-c", "id -u; cat /proc/self/uid_map"),
                Duration.ofSeconds(30));

        List<String> lines = output.lines().map(line -> line.trim().replaceAll("\\s+", " ")).toList();
        assertEquals("0", lines.get(0), output);
        assertEquals(host.namespaceMapping().uidMapText().lines().toList(), lines.subList(1, lines.size()), output);
    }

    @Test
    void failingCommandIsReportedWithItsStatusAndStderr() {
        NamespaceCommand.FailedException e = assertThrows(NamespaceCommand.FailedException.class,
                () -> new NamespaceCommand(host).run(List.of("sh", "-c", "echo broken >&2; exit 3"),
                        Duration.ofSeconds(30)));

        assertTrue(e.getMessage().contains("exited with 3"), e.getMessage());
        assertTrue(e.getMessage().contains("broken"), e.getMessage());
        assertTrue(e.getMessage().startsWith("sh -c"), e.getMessage());
    }

    @Test
    void hungCommandIsKilledAtItsTimeout() {
        long start = System.nanoTime();
        NamespaceCommand.FailedException e = assertThrows(NamespaceCommand.FailedException.class,
                () -> new NamespaceCommand(host).run(List.of("sleep", "60"), Duration.ofSeconds(1)));

        assertTrue(e.getMessage().contains("timed out after 1 s"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "it waited for the sleep");
    }
}
