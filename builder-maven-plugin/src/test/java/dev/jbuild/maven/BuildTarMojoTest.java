package dev.jbuild.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildTarMojoTest {

    @TempDir
    Path dir;

    private BuildTarMojo mojo(String format) throws Exception {
        BuildTarMojo mojo = MojoFixture.configure(new BuildTarMojo(), dir, "FROM scratch\nCOPY app.jar /app/app.jar\n");
        mojo.tarFile = dir.resolve("target/jbuild-image.tar").toFile();
        mojo.tarFormat = format;
        return mojo;
    }

    private List<String> entries(Path tar) throws Exception {
        Process list = new ProcessBuilder("tar", "-tf", tar.toString()).redirectErrorStream(true).start();
        String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(list.waitFor() == 0, out);
        return List.of(out.split("\n"));
    }

    @Test
    void writesADockerLoadArchiveNamedByTheTags() throws Exception {
        BuildTarMojo mojo = mojo("docker");
        mojo.tags = List.of("app:1");
        mojo.execute();
        Path tar = dir.resolve("target/jbuild-image.tar");
        assertTrue(entries(tar).containsAll(List.of("manifest.json", "index.json", "oci-layout")), entries(tar).toString());
        Process manifest = new ProcessBuilder("tar", "-xOf", tar.toString(), "manifest.json").start();
        String json = new String(manifest.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(json.contains("app:1"), json);
        assertFalse(Files.exists(dir.resolve("target/jbuild-image.tar.partial")));
    }

    @Test
    void writesAnOciArchiveWithoutDockersManifest() throws Exception {
        mojo("oci").execute();
        List<String> entries = entries(dir.resolve("target/jbuild-image.tar"));
        assertTrue(entries.contains("index.json") && !entries.contains("manifest.json"), entries.toString());
    }

    @Test
    void unknownFormatNamesItsElement() throws Exception {
        BuildTarMojo mojo = mojo("zip");
        assertTrue(assertThrows(MojoExecutionException.class, mojo::execute).getMessage().contains("<tarFormat> zip"));
    }
}
