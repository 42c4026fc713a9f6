package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push and pull through a real docker-registry on 127.0.0.1, as a user would run them. */
class PushPullTest {

    @TempDir
    Path dir;

    @Test
    void pushedImageComesBackWithTheSameDigest() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("os-release"), "NAME=test\n");
        Path tar = dir.resolve("rootfs.tar");
        Process p = new ProcessBuilder("tar", "-C", dir.resolve("tree").toString(), "-cf", tar.toString(), ".").start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        try (LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"))) {
            String name = registry.address() + "/team/base:1";
            String a = "--cache-dir=" + dir.resolve("machine-a");
            String b = "--cache-dir=" + dir.resolve("machine-b");
            CommandRun imported = CommandRun.of("import", a, tar.toString(), name);
            assertEquals(0, imported.status(), imported.err());
            String digest = imported.out().trim().split(" ")[1];

            CommandRun push = CommandRun.of("push", a, name);
            assertEquals(0, push.status(), push.err());
            assertEquals(name + " " + digest, push.out().trim());

            CommandRun pull = CommandRun.of("pull", b, name);
            assertEquals(0, pull.status(), pull.err());
            assertEquals(name + " " + digest, pull.out().trim());
            CommandRun byDigest = CommandRun.of("pull", b, registry.address() + "/team/base@" + digest);
            assertEquals(0, byDigest.status(), byDigest.err());
            assertTrue(byDigest.out().contains(digest), byDigest.out());
        }
    }

    @Test
    void pullOfAMissingImageFailsWithTheRegistryAnswer() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"))) {
            CommandRun pull = CommandRun.of("pull", "--cache-dir=" + dir.resolve("s"), registry.address() + "/none:1");
            assertEquals(1, pull.status());
            assertTrue(pull.err().contains("404") || pull.err().contains("MANIFEST_UNKNOWN"), pull.err());
        }
    }
}
