package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.DigestMismatchException;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.testing.LocalRegistry;
import dev.jbuild.core.testing.RegistryExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real registry (Debian's docker-registry) on 127.0.0.1, without authentication. */
@ExtendWith(RegistryExtension.class)
class RegistryClientIT {

    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM64 = Platform.parse("linux/arm64/v8");

    private static LocalRegistry registry;

    @TempDir
    Path work;

    @BeforeAll
    static void useTheSharedRegistry(LocalRegistry shared) {
        registry = shared;
    }

    private static RegistryClient client() {
        return RegistryClient.builder().dockerConfig(DockerConfig.none()).build();
    }

    private ImageReference ref(String repositoryAndTag) {
        return ImageReference.parse(registry.address() + "/" + repositoryAndTag);
    }

    private BlobStore store(String name) {
        return new BlobStore(work.resolve(name));
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void pingsTheLoopbackRegistryOverPlainHttp() {
        client().ping(registry.address());
    }

    @Test
    void pushedImagePullsBackByTagAndByDigestWithIdenticalDigests() throws IOException {
        BlobStore local = store("local");
        SampleImage image = SampleImage.create(local, AMD64, 1, 1000, 2345);
        RegistryClient client = client();

        Digest pushed = client.push(ref("app:1"), image.manifest(), local);
        assertEquals(image.manifest().digest(), pushed);

        BlobStore byTag = store("by-tag");
        PulledImage pulledByTag = client.pull(ref("app:1"), AMD64, byTag);
        assertEquals(pushed, pulledByTag.manifest().digest());
        assertEquals(image.config(), pulledByTag.config());
        assertEquals(image.layers(), pulledByTag.layers());
        assertEquals(Optional.empty(), pulledByTag.indexDescriptor());
        assertEquals("amd64", pulledByTag.imageConfig().architecture());
        for (Descriptor blob : List.of(image.manifest(), image.config(), image.layers().get(0), image.layers().get(1))) {
            try (InputStream expected = local.open(blob.digest()); InputStream actual = byTag.open(blob.digest())) {
                assertArrayEquals(expected.readAllBytes(), actual.readAllBytes(), "blob " + blob.digest());
            }
        }

        BlobStore byDigest = store("by-digest");
        PulledImage pulledByDigest = client.pull(ref("app@" + pushed), AMD64, byDigest);
        assertEquals(pushed, pulledByDigest.digest());
        assertEquals(pulledByTag.layers(), pulledByDigest.layers());
        assertTrue(byDigest.contains(image.layers().get(1).digest()));
    }

    @Test
    void manifestFetchAndHeadAgreeOnTheDigest() throws IOException {
        BlobStore local = store("local");
        SampleImage image = SampleImage.create(local, AMD64, 2, 10);
        RegistryClient client = client();
        client.push(ref("head:v1"), image.manifest(), local);

        FetchedManifest fetched = client.fetchManifest(ref("head:v1"));
        assertEquals(image.manifest(), fetched.descriptor());
        assertTrue(fetched.document() instanceof ImageManifest);
        try (InputStream stored = local.open(image.manifest().digest())) {
            assertArrayEquals(stored.readAllBytes(), fetched.content());
        }
        assertEquals(Optional.of(image.manifest()), client.headManifest(ref("head:v1")));
        assertEquals(Optional.empty(), client.headManifest(ref("head:absent")));
    }

    @Test
    void blobExistenceIsAnsweredByHead() {
        BlobStore local = store("local");
        SampleImage image = SampleImage.create(local, AMD64, 3, 100);
        RegistryClient client = client();
        Descriptor layer = image.layers().get(0);
        assertFalse(client.blobExists(ref("exists:x"), layer.digest()));
        assertEquals(BlobPushOutcome.UPLOADED, client.pushBlob(ref("exists:x"), layer, local, List.of()));
        assertTrue(client.blobExists(ref("exists:x"), layer.digest()));
        assertEquals(BlobPushOutcome.EXISTED, client.pushBlob(ref("exists:x"), layer, local, List.of()));
    }

    @Test
    void corruptedBlobIsRejectedOnPullAndNothingOfItIsKept() throws IOException {
        BlobStore local = store("local");
        SampleImage image = SampleImage.create(local, AMD64, 4, 4096, 300);
        RegistryClient client = client();
        client.push(ref("corrupt:1"), image.manifest(), local);

        Descriptor victim = image.layers().get(0);
        Path data = registry.blobData(victim.digest());
        byte[] bytes = Files.readAllBytes(data);
        bytes[100] ^= 0x55;
        Files.write(data, bytes);

        BlobStore fresh = store("fresh");
        RegistryException e = assertThrows(RegistryException.class, () -> client.pull(ref("corrupt:1"), AMD64, fresh));
        assertTrue(e.getMessage().startsWith(registry.address() + "/corrupt:1: GET http://" + registry.address()
                + "/v2/corrupt/blobs/" + victim.digest() + ": blob " + victim.digest() + " is corrupt"), e.getMessage());
        assertTrue(e.getCause() instanceof DigestMismatchException, String.valueOf(e.getCause()));
        assertFalse(fresh.contains(victim.digest()));
        List<Path> kept = filesUnder(fresh.root());
        assertTrue(kept.stream().noneMatch(p -> p.getFileName().toString().endsWith(".partial")), () -> "leftovers: " + kept);
        assertTrue(kept.stream().noneMatch(p -> p.getFileName().toString().equals(victim.digest().hex())), () -> "kept: " + kept);
    }

    @Test
    void blobsAreMountedFromAnotherRepositoryInsteadOfUploaded() throws IOException {
        BlobStore local = store("local");
        SampleImage image = SampleImage.create(local, AMD64, 5, 2000, 3000);
        RegistryClient client = client();
        client.push(ref("mount-source:1"), image.manifest(), local);
        int uploadsBefore = registry.requests("PUT").size();

        assertTrue(client.mountBlob(ref("mount-direct:1"), image.layers().get(0).digest(), "mount-source"));
        assertTrue(client.blobExists(ref("mount-direct:1"), image.layers().get(0).digest()));
        assertFalse(client.mountBlob(ref("mount-direct:1"), Digest.sha256(new byte[] {1, 2, 3}), "mount-source"));

        assertEquals(BlobPushOutcome.MOUNTED,
                client.pushBlob(ref("mount-target:1"), image.layers().get(1), local, List.of("mount-source")));
        Digest pushed = client.push(ref("mount-target:1"), image.manifest(), local, List.of("mount-source"));
        assertEquals(image.manifest().digest(), pushed);
        // Only the manifest was PUT: every blob came over by mount.
        List<String> puts = registry.requests("PUT").subList(uploadsBefore, registry.requests("PUT").size());
        assertEquals(1, puts.size(), () -> "PUT requests: " + puts);
        assertTrue(puts.get(0).contains("/v2/mount-target/manifests/1"), puts.get(0));

        PulledImage pulled = client.pull(ref("mount-target:1"), AMD64, store("pulled"));
        assertEquals(image.layers(), pulled.layers());
    }

    @Test
    void largeBlobIsUploadedInPatchChunksAndPullsBackIntact() throws IOException {
        BlobStore local = store("local");
        int size = 5 * 1024 * 1024 + 512 * 1024 + 17;
        SampleImage image = SampleImage.create(local, AMD64, 6, size);
        RegistryClient client = RegistryClient.builder().dockerConfig(DockerConfig.none())
                .chunkedUpload(5L << 20, 2L << 20).build();
        int patchesBefore = registry.requests("PATCH").size();

        client.push(ref("chunked:big"), image.manifest(), local);

        List<String> patches = registry.requests("PATCH");
        assertEquals(3, patches.size() - patchesBefore, () -> "PATCH requests: " + patches);
        assertTrue(patches.get(patches.size() - 1).contains("/v2/chunked/blobs/uploads/"), patches.get(patches.size() - 1));
        BlobStore back = store("back");
        PulledImage pulled = client.pull(ref("chunked:big"), AMD64, back);
        assertEquals(size, back.size(pulled.layers().get(0).digest()));
        assertEquals(image.layers().get(0).digest(), pulled.layers().get(0).digest());
    }

    @Test
    void indexPushedWithTwoPlatformsPullsThePlatformAskedFor() {
        BlobStore local = store("local");
        SampleImage amd = SampleImage.create(local, AMD64, 7, 500);
        SampleImage arm = SampleImage.create(local, ARM64, 8, 600);
        Descriptor index = SampleImage.index(local, List.of(amd.manifest().withPlatform(AMD64),
                arm.manifest().withPlatform(ARM64)));
        RegistryClient client = client();

        assertEquals(index.digest(), client.push(ref("multi:1"), index, local));

        PulledImage armPull = client.pull(ref("multi:1"), Platform.parse("linux/arm64"), store("arm"));
        assertEquals("arm64", armPull.imageConfig().architecture());
        assertEquals(arm.manifest().digest(), armPull.manifest().digest());
        assertEquals(ARM64, armPull.manifest().platform());
        assertEquals(Optional.of(index.digest()), armPull.indexDescriptor().map(Descriptor::digest));
        assertEquals(MediaType.OCI_INDEX, armPull.indexDescriptor().orElseThrow().mediaType());
        assertEquals(index.digest(), armPull.digest());

        PulledImage amdPull = client.pull(ref("multi:1"), AMD64, store("amd"));
        assertEquals("amd64", amdPull.imageConfig().architecture());
        assertEquals(amd.layers(), amdPull.layers());

        RegistryException e = assertThrows(RegistryException.class,
                () -> client.pull(ref("multi:1"), Platform.parse("linux/s390x"), store("none")));
        assertEquals(registry.address() + "/multi:1: the index has no manifest for linux/s390x; it has linux/amd64, "
                + "linux/arm64/v8", e.getMessage());
    }

    @Test
    void unknownManifestIsA404WithTheRegistrysErrorCode() {
        RegistryException e = assertThrows(RegistryException.class, () -> client().fetchManifest(ref("nothing:here")));
        assertEquals(404, e.status());
        assertTrue(e.hasCode("MANIFEST_UNKNOWN") || e.hasCode("NAME_UNKNOWN"), e.getMessage());
        assertTrue(e.getMessage().startsWith(registry.address() + "/nothing:here: GET http://" + registry.address()
                + "/v2/nothing/manifests/here: 404 "), e.getMessage());
    }

    @Test
    void pushingABlobTheStoreLacksNamesTheBlob() {
        Descriptor missing = Descriptor.of(MediaType.OCI_LAYER, Digest.sha256(new byte[] {9}), 1);
        RegistryException e = assertThrows(RegistryException.class,
                () -> client().pushBlob(ref("missing:1"), missing, store("empty"), List.of()));
        assertTrue(e.getMessage().contains("cannot push blob " + missing.digest()), e.getMessage());
    }

    @Test
    void unreachableRegistryFailsAfterBoundedRetriesNamingTheUrl() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RegistryClient client = RegistryClient.builder().dockerConfig(DockerConfig.none())
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20))).build();
        ImageReference reference = ImageReference.parse("127.0.0.1:" + closedPort + "/app:1");
        RegistryException e = assertThrows(RegistryException.class, () -> client.fetchManifest(reference));
        assertEquals(0, e.status());
        assertTrue(e.getMessage().startsWith(reference + ": GET http://127.0.0.1:" + closedPort + "/v2/app/manifests/1: "),
                e.getMessage());
    }
}
