package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.LocalRegistry;
import dev.jbuild.core.testing.RegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** push and pull through a real docker-registry on 127.0.0.1, as a user would run them. */
@ExtendWith(RegistryExtension.class)
class PushPullIT {

    @TempDir
    Path dir;

    @Test
    void pushedImageComesBackWithTheSameDigest(LocalRegistry registry) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("os-release"), "NAME=test\n");
        Path tar = dir.resolve("rootfs.tar");
        Process p = new ProcessBuilder("tar", "-C", dir.resolve("tree").toString(), "-cf", tar.toString(), ".").start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
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

        // a tool nobody here wrote reads and copies what jbuild pushed
        String inspect = skopeo("inspect", "--tls-verify=false", "docker://" + name);
        assertTrue(inspect.contains("\"Digest\": \"" + digest + "\""), inspect);
        skopeo("copy", "--src-tls-verify=false", "docker://" + name, "oci:" + dir.resolve("copy") + ":base");
        assertTrue(skopeo("inspect", "oci:" + dir.resolve("copy") + ":base").contains("\"Layers\""));
    }

    private static String skopeo(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("skopeo"));
        command.addAll(java.util.List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("the skopeo tool is missing: apt-get install skopeo", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), command + ":\n" + out);
        return out;
    }

    @Test
    void pullOfAMissingImageFailsWithTheRegistryAnswer(LocalRegistry registry) throws Exception {
        CommandRun pull = CommandRun.of("pull", "--cache-dir=" + dir.resolve("s"), registry.address() + "/none:1");
        assertEquals(1, pull.status());
        assertTrue(pull.err().contains("404") || pull.err().contains("MANIFEST_UNKNOWN"), pull.err());
    }
}
