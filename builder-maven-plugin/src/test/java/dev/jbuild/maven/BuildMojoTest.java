package dev.jbuild.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildMojoTest {

    @TempDir
    Path dir;

    private BuildMojo mojo(String dockerfile) throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        Files.writeString(dir.resolve("app.jar"), "not really a jar");
        BuildMojo mojo = new BuildMojo();
        mojo.dockerfile = dir.resolve("Dockerfile").toFile();
        mojo.context = dir.toFile();
        mojo.cacheDir = dir.resolve("store").toFile();
        mojo.tags = List.of("app:1");
        return mojo;
    }

    @Test
    void buildsTheProjectsDockerfileIntoTheLocalStore() throws Exception {
        mojo("FROM scratch\nCOPY app.jar /app/app.jar\nCMD [\"/app/app.jar\"]\n").execute();
        assertTrue(new ImageStore(dir.resolve("store")).find("docker.io/library/app:1").isPresent());
    }

    @Test
    void failedBuildFailsTheMavenBuildWithItsLine() throws Exception {
        BuildMojo mojo = mojo("FROM scratch\nCOPY missing.jar /app/\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("Dockerfile:2") && e.getMessage().contains("missing.jar"), e.getMessage());
        assertEquals(0, new ImageStore(dir.resolve("store")).images().size());
    }
}
