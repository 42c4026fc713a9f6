package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.core.testing.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logins as the environment places them, through the jbuild jar in its own process: a
 * {@code credsStore} helper found on {@code PATH} for login and logout, and a containers
 * {@code auth.json} named by {@code REGISTRY_AUTH_FILE} for a pull.
 */
class LoginEnvironmentIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();
    private static final String USER = "carol";
    private static final String PASSWORD = "helper kept";

    @TempDir
    static Path registryDir;
    private static LocalRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LocalRegistry.startWithBasicAuth(registryDir, USER, PASSWORD);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private record Run(int status, String out, String err) {
    }

    private Run jbuild(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", REPO.resolve("builder-cli/target/jbuild.jar").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.equals("DOCKER_CONFIG") || k.equals("REGISTRY_AUTH_FILE")
                || k.equals("XDG_RUNTIME_DIR") || k.equals("XDG_CONFIG_HOME"));
        builder.environment().put("HOME", dir.resolve("home").toString());
        builder.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aCredsStoreHelperOnPathKeepsTheLogin() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path kept = dir.resolve("kept.json");
        Path script = bin.resolve("docker-credential-test");
        Files.writeString(script, "#!/bin/sh\n"
                + "case \"$1\" in\n"
                + "  store) cat > " + kept + " ;;\n"
                + "  erase) read -r server; [ -f " + kept + " ] && rm " + kept + " || { echo 'credentials not found'; exit 1; } ;;\n"
                + "  *) echo 'credentials not found'; exit 1 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path docker = Files.createDirectories(dir.resolve("docker"));
        Files.writeString(docker.resolve("config.json"), "{\"credsStore\":\"test\"}");
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"), "DOCKER_CONFIG", docker.toString());

        Run login = jbuild(env, PASSWORD + "\n", "login", "-u", USER, "--password-stdin", registry.address());

        assertEquals(0, login.status(), login.err());
        assertEquals("Login Succeeded\n", login.out());
        assertFalse(login.err().contains("unencrypted"), login.err());
        JsonNode request = new ObjectMapper().readTree(Files.readAllBytes(kept));
        assertEquals(registry.address(), request.get("ServerURL").asText());
        assertEquals(PASSWORD, request.get("Secret").asText());
        JsonNode config = new ObjectMapper().readTree(Files.readAllBytes(docker.resolve("config.json")));
        assertEquals("test", config.get("credsStore").asText());
        assertTrue(config.at("/auths/" + registry.address()).isObject(), config.toString());
        assertEquals(0, config.at("/auths/" + registry.address()).size(), "the secret is not in the file");

        Run logout = jbuild(env, "", "logout", registry.address());
        assertEquals(0, logout.status(), logout.err());
        assertFalse(Files.exists(kept), "the helper erased the login");
    }

    @Test
    void registryAuthFileLogsInWhenDockersConfigHasNoLogin() throws Exception {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Path authFile = Files.writeString(dir.resolve("auth.json"),
                "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + auth + "\"}}}");
        String image = registry.address() + "/nothing/here:1";

        Run anonymous = jbuild(Map.of(), "", "pull", "--cache-dir=" + dir.resolve("store"), image);
        Run withAuthFile = jbuild(Map.of("REGISTRY_AUTH_FILE", authFile.toString()), "", "pull",
                "--cache-dir=" + dir.resolve("store"), image);

        assertTrue(anonymous.err().contains("401"), anonymous.err());
        assertEquals(1, withAuthFile.status());
        assertFalse(withAuthFile.err().contains("401"), withAuthFile.err());
        assertTrue(withAuthFile.err().contains("404"), "logged in, the registry says the image is not there: "
                + withAuthFile.err());
    }
}
