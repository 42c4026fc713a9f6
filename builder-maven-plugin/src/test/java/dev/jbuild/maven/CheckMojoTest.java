package dev.jbuild.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckMojoTest {

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    private CheckMojo mojo(String text) throws Exception {
        Path file = dir.resolve("Dockerfile");
        Files.writeString(file, text);
        CheckMojo mojo = new CheckMojo();
        mojo.dockerfile = file.toFile();
        mojo.setLog(log);
        return mojo;
    }

    @Test
    void validDockerfilePassesAndSaysWhatItFound() throws Exception {
        mojo("FROM scratch AS base\nCOPY a /a\nFROM base\n").execute();
        assertEquals(List.of("INFO jbuild: " + dir.resolve("Dockerfile") + " is valid (2 stages, 0 warnings)"), log.lines);
    }

    @Test
    void lintWarningsGoToTheWarningLevel() throws Exception {
        mojo("from scratch AS base\nCOPY a /a\n").execute();
        assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("WARN ")), log.lines.toString());
        assertTrue(log.lines.get(log.lines.size() - 1).endsWith("(1 stages, " + (log.lines.size() - 1) + " warnings)"),
                log.lines.toString());
    }

    @Test
    void brokenDockerfileFailsTheBuildWithItsPosition() throws Exception {
        CheckMojo mojo = mojo("FROM scratch\nENV ONLYNAME\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("Dockerfile:2:"), e.getMessage());
    }

    @Test
    void unknownFlagFailsTheBuildNamingIt() throws Exception {
        CheckMojo mojo = mojo("FROM scratch\nCOPY --chwon=1 a /a\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("--chwon"), e.getMessage());
    }
}
