package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.core.testing.LocalRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** login and logout against a real registry that demands htpasswd Basic authentication. */
class LoginCommandTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "correct horse";

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

    private Path configFile() {
        return dir.resolve("docker/config.json");
    }

    private CommandRun withStdin(String input, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return CommandRun.of(args);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void aCheckedLoginIsSavedAndLogoutRemovesIt() throws Exception {
        Files.createDirectories(configFile().getParent());
        Files.writeString(configFile(), "{\"detachKeys\":\"ctrl-e,e\"}");

        CommandRun login = withStdin(PASSWORD + "\n", "login", "--config", configFile().getParent().toString(),
                "-u", USER, "--password-stdin", registry.address());

        assertEquals(0, login.status(), login.err());
        assertEquals("Login Succeeded\n", login.out());
        assertTrue(login.err().startsWith("WARNING! Your credentials are stored unencrypted in '" + configFile() + "'."),
                login.err());
        JsonNode config = new ObjectMapper().readTree(Files.readAllBytes(configFile()));
        String expected = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, config.at("/auths/" + registry.address() + "/auth").asText());
        assertEquals("ctrl-e,e", config.get("detachKeys").asText());

        CommandRun logout = CommandRun.of("logout", "--config", configFile().getParent().toString(), registry.address());
        assertEquals(0, logout.status(), logout.err());
        assertEquals("Removing login credentials for " + registry.address() + "\n", logout.out());
        assertTrue(new ObjectMapper().readTree(Files.readAllBytes(configFile())).get("auths").isEmpty());
    }

    @Test
    void aRefusedLoginFailsAndWritesNothing() {
        CommandRun login = CommandRun.of("login", "--config", configFile().getParent().toString(),
                "-u", USER, "-p", "wrong", registry.address());

        assertEquals(1, login.status());
        assertTrue(login.err().startsWith("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"),
                login.err());
        assertTrue(login.err().contains("401"), login.err());
        assertFalse(Files.exists(configFile()));
    }

    @Test
    void passwordStdinNeedsAUserAndExcludesPassword() {
        CommandRun noUser = withStdin("x\n", "login", "--config", dir.toString(), "--password-stdin", registry.address());
        assertEquals(2, noUser.status());
        assertTrue(noUser.err().contains("Must provide --username with --password-stdin"), noUser.err());

        CommandRun both = CommandRun.of("login", "--config", dir.toString(), "-u", USER, "-p", "x", "--password-stdin",
                registry.address());
        assertEquals(2, both.status());
        assertTrue(both.err().contains("--password and --password-stdin are mutually exclusive"), both.err());
    }
}
