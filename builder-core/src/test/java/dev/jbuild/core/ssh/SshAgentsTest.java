package dev.jbuild.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.Command;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshAgentsTest {

    @TempDir
    Path dir;

    private Path key(String name, String passphrase) throws Exception {
        Path key = dir.resolve(name);
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", key.toString()), Map.of());
        return key;
    }

    private static String run(List<String> command, Map<String, String> env) throws Exception {
        requireTool(command.get(0));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), command + "\n" + out);
        return out;
    }

    private static void requireTool(String tool) {
        assertTrue(Command.available(tool), tool + " is missing (Debian package openssh-client)");
    }

    @Test
    void keyFilesAreLoadedIntoAnAgentOfTheBuildThatCloseStops() throws Exception {
        Path key = key("deploy-key", "");
        Path socket;
        try (SshAgents agents = SshAgents.start(Map.of("deploy", List.of(key)))) {
            socket = agents.socket("deploy").orElseThrow();
            String listed = run(List.of("ssh-add", "-l"), Map.of("SSH_AUTH_SOCK", socket.toString()));
            assertTrue(listed.contains("deploy-key") && listed.contains("ED25519"), listed);
            assertEquals(Optional.empty(), agents.socket("default"));
        }
        assertFalse(Files.exists(socket), "the agent's socket is gone after close");
    }

    @Test
    void anAgentSocketIsForwardedAsItIs() throws Exception {
        requireTool("ssh-agent");
        Path socket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            // ssh-agent -D prints its variables once it listens
            String line = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(line.startsWith("SSH_AUTH_SOCK="), line);
            try (SshAgents agents = SshAgents.start(Map.of("default", List.of(socket)))) {
                assertEquals(Optional.of(socket), agents.socket("default"));
            }
            assertTrue(Files.exists(socket), "a given agent is left running");
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKeyWithAPassphraseOrADirectoryIsRefusedNamingTheId() throws Exception {
        Path locked = key("locked-key", "secret phrase");
        SshAgentException refused = assertThrows(SshAgentException.class,
                () -> SshAgents.start(Map.of("locked", List.of(locked))));
        assertTrue(refused.getMessage().startsWith("--ssh locked: ssh-add could not load the key " + locked), refused.getMessage());
        assertTrue(refused.getMessage().contains("passphrase"), refused.getMessage());
        SshAgentException directory = assertThrows(SshAgentException.class,
                () -> SshAgents.start(Map.of("dir", List.of(dir))));
        assertTrue(directory.getMessage().contains("neither an agent socket nor a key file"), directory.getMessage());
    }

    @Test
    void anAgentThatPrintsNothingIsStoppedAtTheLimitInsteadOfHangingTheBuild() throws Exception {
        Process silent = new ProcessBuilder("sleep", "60").start();

        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> SshAgents.firstLine(silent, java.time.Duration.ofSeconds(1)));

        assertTrue(e.getMessage().contains("printed nothing for 1 s"), e.getMessage());
        assertTrue(silent.waitFor(10, TimeUnit.SECONDS), "the silent process was killed");
    }

    @Test
    void theFirstLineAndTheEndOfAProcessAreTold() throws Exception {
        Process talker = new ProcessBuilder("sh", "-c", "echo SSH_AUTH_SOCK=/x; sleep 5").start();
        assertEquals("SSH_AUTH_SOCK=/x", SshAgents.firstLine(talker, java.time.Duration.ofSeconds(30)));
        talker.destroyForcibly();
        Process quiet = new ProcessBuilder("true").start();
        assertEquals(null, SshAgents.firstLine(quiet, java.time.Duration.ofSeconds(30)));
    }
}
