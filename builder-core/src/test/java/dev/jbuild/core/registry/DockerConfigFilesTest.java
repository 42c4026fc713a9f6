package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins from docker's config, then the containers tools' auth.json files, found from the environment. */
class DockerConfigFilesTest {

    @TempDir
    Path dir;

    private static String auth(String registry, String user) {
        String pair = Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8));
        return "\"" + registry + "\":{\"auth\":\"" + pair + "\"}";
    }

    private Path write(String relative, String json) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, json);
    }

    @Test
    void theEnvironmentNamesDockersFileThenTheContainersFilesInTheirOrder() {
        Map<String, String> env = Map.of("HOME", "/home/u", "XDG_RUNTIME_DIR", "/run/user/1000");
        DockerConfigFiles files = DockerConfigFiles.fromEnvironment(env);
        assertEquals(Path.of("/home/u/.docker/config.json"), files.dockerConfig());
        assertEquals(List.of(Path.of("/run/user/1000/containers/auth.json"), Path.of("/home/u/.config/containers/auth.json")),
                files.containersAuthFiles());

        DockerConfigFiles overridden = DockerConfigFiles.fromEnvironment(Map.of("HOME", "/home/u", "DOCKER_CONFIG", "/cfg",
                "REGISTRY_AUTH_FILE", "/x/auth.json", "XDG_RUNTIME_DIR", "/run/user/1000", "XDG_CONFIG_HOME", "/xdg"));
        assertEquals(Path.of("/cfg/config.json"), overridden.dockerConfig());
        assertEquals(List.of(Path.of("/x/auth.json"), Path.of("/xdg/containers/auth.json")), overridden.containersAuthFiles());
    }

    @Test
    void dockersLoginWinsAndAuthJsonFillsInTheRest() throws IOException {
        Path docker = write("docker/config.json", "{\"auths\":{" + auth("both.lan", "from-docker") + "}}");
        Path authFile = write("run/containers/auth.json", "{\"auths\":{" + auth("both.lan", "from-podman") + ","
                + auth("podman-only.lan:5000", "podman-user") + "," + auth("quay.io/team/app", "scoped") + "}}");
        DockerConfig config = DockerConfig.load(new DockerConfigFiles(docker, List.of(authFile, dir.resolve("absent.json"))),
                List.of());

        assertEquals("from-docker", config.credentialsFor("both.lan").orElseThrow().username());
        Credentials podman = config.credentialsFor("podman-only.lan:5000").orElseThrow();
        assertEquals("podman-user", podman.username());
        assertTrue(podman.source().startsWith(authFile.toString()), podman.source());
        assertTrue(config.credentialsFor("quay.io").isEmpty(), "a login scoped to one repository is not the registry's");
        assertEquals(docker + ", then " + authFile + ", then " + dir.resolve("absent.json"), config.toString());
    }
}
