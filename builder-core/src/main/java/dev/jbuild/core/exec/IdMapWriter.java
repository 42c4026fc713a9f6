package dev.jbuild.core.exec;

import dev.jbuild.core.process.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the uid and gid maps of a user namespace a child process created, from outside it:
 * directly where the kernel lets this process (root, or a single id of its own), else through
 * newuidmap/newgidmap, which grant the subordinate ranges /etc/subuid and /etc/subgid allow.
 */
final class IdMapWriter {

    private static final Duration MAPPER_LIMIT = Duration.ofSeconds(10);

    private IdMapWriter() {
    }

    static void write(HostProbe host, long pid, IdMapping mapping) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        if (!mapping.setgroupsAllowed()) {
            // The kernel lets an unprivileged user map its own gid only once setgroups is denied.
            Files.writeString(proc.resolve("setgroups"), "deny");
        }
        if (host.identity().root() || mapping.singleId()) {
            Files.writeString(proc.resolve("gid_map"), mapping.gidMapText());
            Files.writeString(proc.resolve("uid_map"), mapping.uidMapText());
            return;
        }
        runMapper(host, "newgidmap", pid, mapping.gids());
        runMapper(host, "newuidmap", pid, mapping.uids());
    }

    private static void runMapper(HostProbe host, String tool, long pid, List<IdMapping.Range> ranges) throws IOException {
        Path mapper = host.tool(tool).orElseThrow(() ->
                new IOException("'" + tool + "' is needed to map subordinate ids: apt-get install uidmap"));
        List<String> command = new ArrayList<>(List.of(mapper.toString(), Long.toString(pid)));
        for (IdMapping.Range range : ranges) {
            command.addAll(List.of(Long.toString(range.containerId()), Long.toString(range.hostId()),
                    Long.toString(range.size())));
        }
        new HostCommand(command, MAPPER_LIMIT).check();
    }
}
