package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageErrorTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownFlagIsNamedWithASuggestionAndNoHelpDump() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
        CommandRun run = CommandRun.of("build", "--no-cach", dir.toString());
        assertEquals(ExitStatus.USAGE, run.status());
        assertTrue(run.err().startsWith("jbuild: Unknown option: '--no-cach'"), run.err());
        assertTrue(run.err().contains("--no-cache"), "a suggestion: " + run.err());
        assertTrue(run.err().contains("See 'jbuild build --help'."), run.err());
        assertFalse(run.err().contains("Usage:"), run.err());
        assertTrue(run.err().lines().count() < 8, run.err());
    }

    @Test
    void aBadValueNamesItsFlag() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
        CommandRun sandbox = CommandRun.of("build", "--sandbox=chroot", dir.toString());
        assertEquals(ExitStatus.USAGE, sandbox.status());
        assertTrue(sandbox.err().contains("--sandbox: unknown sandbox 'chroot'"), sandbox.err());
        CommandRun secret = CommandRun.of("build", "--secret", "id=s,src=" + dir.resolve("missing"), dir.toString());
        assertEquals(ExitStatus.USAGE, secret.status());
        assertTrue(secret.err().contains("--secret id=s,src=" + dir.resolve("missing") + ": no such file"), secret.err());
    }
}
