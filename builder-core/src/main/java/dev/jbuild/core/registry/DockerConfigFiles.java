package dev.jbuild.core.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where registry logins are read from, in order: Docker's {@code $DOCKER_CONFIG/config.json}
 * (else {@code ~/.docker/config.json}), which {@code jbuild login} writes, then the containers
 * tools' (podman, skopeo, buildah) files in the order containers-auth.json(5) gives them:
 * {@code $REGISTRY_AUTH_FILE} (else {@code $XDG_RUNTIME_DIR/containers/auth.json}), then
 * {@code $XDG_CONFIG_HOME/containers/auth.json} (else {@code ~/.config/containers/auth.json}).
 * Docker's comes first because jbuild speaks for docker: its own logins win over older ones
 * made with podman.
 */
public record DockerConfigFiles(Path dockerConfig, List<Path> containersAuthFiles) {

    public DockerConfigFiles {
        Objects.requireNonNull(dockerConfig, "dockerConfig");
        containersAuthFiles = List.copyOf(containersAuthFiles);
    }

    /** The files this environment (variables as {@link System#getenv()} gives them) names. */
    public static DockerConfigFiles fromEnvironment(Map<String, String> environment) {
        Path home = Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")));
        return new DockerConfigFiles(dockerConfig(environment, home), containersFiles(environment, home));
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}: what {@code jbuild login} writes. */
    public static Path dockerConfig(Map<String, String> environment) {
        return dockerConfig(environment, Path.of(environment.getOrDefault("HOME", System.getProperty("user.home"))));
    }

    private static Path dockerConfig(Map<String, String> environment, Path home) {
        String dir = environment.get("DOCKER_CONFIG");
        return (dir != null && !dir.isEmpty() ? Path.of(dir) : home.resolve(".docker")).resolve("config.json");
    }

    private static List<Path> containersFiles(Map<String, String> environment, Path home) {
        List<Path> files = new ArrayList<>();
        String override = environment.get("REGISTRY_AUTH_FILE");
        String runtime = environment.get("XDG_RUNTIME_DIR");
        if (override != null && !override.isEmpty()) {
            files.add(Path.of(override));
        } else if (runtime != null && !runtime.isEmpty()) {
            files.add(Path.of(runtime, "containers", "auth.json"));
        }
        String config = environment.get("XDG_CONFIG_HOME");
        files.add((config != null && !config.isEmpty() ? Path.of(config) : home.resolve(".config"))
                .resolve("containers").resolve("auth.json"));
        return files;
    }
}
