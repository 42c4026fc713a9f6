package dev.jbuild.maven;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckMojoTest {

    @TempDir
    Path dir;

    private CheckMojo mojo(String text) throws Exception {
        Path file = dir.resolve("Dockerfile");
        Files.writeString(file, text);
        CheckMojo mojo = new CheckMojo();
        mojo.dockerfile = file.toFile();
        return mojo;
    }

    @Test
    void validDockerfilePasses() throws Exception {
        mojo("FROM scratch\nCOPY a /a\n").execute();
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
