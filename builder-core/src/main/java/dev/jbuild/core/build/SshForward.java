package dev.jbuild.core.build;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An SSH agent for {@code RUN --mount=type=ssh,id=ID}: an agent socket, or private key files
 * loaded into an agent started for the build. Parsed from buildx's {@code default},
 * {@code ID} (the agent of {@code $SSH_AUTH_SOCK}) or {@code ID=PATH[,PATH…]}.
 */
public record SshForward(String id, List<Path> paths) {

    public SshForward {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("an SSH forward needs an id");
        }
        paths = List.copyOf(paths);
    }

    /** Parses one {@code --ssh} value; the exception says what is wrong with it, without the flag's name. */
    public static SshForward parse(String spec, Map<String, String> environment) {
        int eq = spec.indexOf('=');
        String id = eq < 0 ? spec : spec.substring(0, eq);
        if (id.isEmpty()) {
            throw new IllegalArgumentException("expected default, ID, or ID=SOCKET|KEY[,KEY…]");
        }
        List<Path> paths = new ArrayList<>();
        if (eq < 0 || spec.substring(eq + 1).isEmpty()) {
            String agent = environment.get("SSH_AUTH_SOCK");
            if (agent == null || agent.isEmpty()) {
                throw new IllegalArgumentException("SSH_AUTH_SOCK is not set; start an ssh-agent or give the socket or"
                        + " key files: " + id + "=PATH");
            }
            paths.add(Path.of(agent));
        } else {
            for (String path : spec.substring(eq + 1).split(",")) {
                paths.add(Path.of(path).toAbsolutePath());
            }
        }
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException(path + " does not exist");
            }
        }
        return new SshForward(id, paths);
    }
}
