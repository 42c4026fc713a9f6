package dev.jbuild.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.MediaType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {

    @TempDir
    Path dir;

    private Descriptor blob(ImageStore store, String content) {
        StoredBlob b = store.blobs().write(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        return Descriptor.of(MediaType.OCI_MANIFEST, b.digest(), b.size());
    }

    @Test
    void taggedImageIsFoundByItsFullNameAndTheStoreIsAnOciLayout() throws Exception {
        ImageStore store = new ImageStore(dir);
        Descriptor manifest = blob(store, "{}");
        store.tag("docker.io/library/app:latest", manifest);
        assertEquals(manifest.digest(), store.find("docker.io/library/app:latest").orElseThrow().manifest().digest());
        assertTrue(Files.readString(dir.resolve("oci-layout")).contains("1.0.0"));
        assertTrue(Files.readString(dir.resolve("index.json")).contains("\"org.opencontainers.image.ref.name\":\"docker.io/library/app:latest\""));
    }

    @Test
    void retaggingReplacesTheOldEntryAndUntagRemovesIt() {
        ImageStore store = new ImageStore(dir);
        store.tag("x/a:1", blob(store, "one"));
        Descriptor second = blob(store, "two");
        store.tag("x/a:1", second);
        assertEquals(1, store.images().size());
        assertEquals(second.digest(), store.images().get(0).manifest().digest());
        assertTrue(store.untag("x/a:1"));
        assertFalse(store.untag("x/a:1"));
        assertTrue(store.images().isEmpty());
    }

    @Test
    void taggingWithTheNameItHasAlreadyLeavesTheIndexFileAlone() throws Exception {
        ImageStore store = new ImageStore(dir);
        Descriptor manifest = blob(store, "one");
        store.tag("x/a:1", manifest);
        Object inode = Files.getAttribute(dir.resolve("index.json"), "unix:ino");
        store.tag("x/a:1", manifest);
        assertEquals(inode, Files.getAttribute(dir.resolve("index.json"), "unix:ino"));
        store.tag("x/a:2", manifest);
        assertFalse(inode.equals(Files.getAttribute(dir.resolve("index.json"), "unix:ino")), "a new name rewrites it");
    }

    @Test
    void taggingAManifestThatIsNotStoredIsRefused() {
        ImageStore store = new ImageStore(dir);
        Descriptor missing = Descriptor.ofContent(MediaType.OCI_MANIFEST, "nope".getBytes(StandardCharsets.UTF_8));
        ImageStoreException e = assertThrows(ImageStoreException.class, () -> store.tag("x/a:1", missing));
        assertTrue(e.getMessage().contains("not in the store"), e.getMessage());
    }

    @Test
    void concurrentTaggersLoseNoTag() throws Exception {
        ImageStore setup = new ImageStore(dir);
        Descriptor manifest = blob(setup, "{}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            // separate store objects stand for separate processes sharing the directory
            done.add(pool.submit(() -> new ImageStore(dir).tag("x/app:" + n, manifest)));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(40, new ImageStore(dir).images().size());
    }

    @Test
    void familiarNamesDropDockerHubPrefixes() {
        assertEquals("app:1", DockerName.familiar("docker.io/library/app:1"));
        assertEquals("user/app:1", DockerName.familiar("docker.io/user/app:1"));
        assertEquals("127.0.0.1:5000/app:1", DockerName.familiar("127.0.0.1:5000/app:1"));
    }
}
