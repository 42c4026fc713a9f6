package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jbuild load -i FILE} reads what {@code jbuild save} wrote back into another store. */
class LoadCommandTest {

    @TempDir
    Path dir;

    @Test
    void savedImagesLoadIntoAnotherStoreWithDockersMessage() {
        StoredSample sample = StoredSample.write(dir.resolve("a"), "2024-01-02T15:04:05Z",
                "docker.io/library/hello:latest", "127.0.0.1:5000/team/hello:two");
        Path archive = dir.resolve("hello.tar");
        CommandRun save = CommandRun.of("save", "--cache-dir=" + dir.resolve("a"), "--format=docker", "-o",
                archive.toString(), "hello", "127.0.0.1:5000/team/hello:two");
        assertEquals(0, save.status(), save.err());

        CommandRun load = CommandRun.of("load", "--cache-dir=" + dir.resolve("b"), "-i", archive.toString());

        assertEquals(0, load.status(), load.err());
        assertEquals("Loaded image: hello:latest\nLoaded image: 127.0.0.1:5000/team/hello:two\n", load.out());
        CommandRun images = CommandRun.of("images", "--cache-dir=" + dir.resolve("b"), "--format={{.Repository}} {{.ID}}");
        assertEquals("hello " + sample.shortId() + "\n127.0.0.1:5000/team/hello " + sample.shortId() + "\n", images.out());
    }

    @Test
    void aFileThatIsNotAnArchiveFailsNamingIt() throws Exception {
        Path notAnArchive = java.nio.file.Files.writeString(dir.resolve("x.tar"), "");
        CommandRun load = CommandRun.of("load", "--cache-dir=" + dir.resolve("b"), "-i", notAnArchive.toString());
        assertEquals(1, load.status());
        assertTrue(load.err().startsWith("jbuild: " + notAnArchive + " has neither index.json nor manifest.json"), load.err());
    }
}
