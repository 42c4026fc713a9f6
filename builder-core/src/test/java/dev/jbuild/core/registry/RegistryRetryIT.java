package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.testing.LocalRegistry;
import dev.jbuild.core.testing.LocalRegistryProxy;
import dev.jbuild.core.testing.LocalRegistryProxy.Failure;
import dev.jbuild.core.testing.RegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Retries against the real registry, through a relay that resets connections and answers 503 and 429. */
@ExtendWith(RegistryExtension.class)
class RegistryRetryIT {

    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20));

    private static LocalRegistry registry;

    @TempDir
    Path work;
    private LocalRegistryProxy proxy;

    @BeforeAll
    static void useTheSharedRegistry(LocalRegistry shared) {
        registry = shared;
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = LocalRegistryProxy.inFrontOf(registry);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    /** A new client per test, so no pooled connection slips past the relay's failures. */
    private static RegistryClient client() {
        return RegistryClient.builder().dockerConfig(DockerConfig.none()).retryPolicy(QUICK).build();
    }

    private ImageReference viaProxy(String repositoryAndTag) {
        return ImageReference.parse(proxy.address() + "/" + repositoryAndTag);
    }

    @Test
    void pullGetsThroughAResetA503AndA429() {
        BlobStore local = new BlobStore(work.resolve("local"));
        SampleImage image = SampleImage.create(local, AMD64, 31, 1000, 2000);
        client().push(ImageReference.parse(registry.address() + "/flaky:1"), image.manifest(), local);
        proxy.failNext(Failure.RESET, Failure.UNAVAILABLE, Failure.TOO_MANY_REQUESTS);

        PulledImage pulled = client().pull(viaProxy("flaky:1"), AMD64, new BlobStore(work.resolve("pulled")));

        assertEquals(image.manifest().digest(), pulled.digest());
        assertEquals(List.of(Failure.RESET, Failure.UNAVAILABLE, Failure.TOO_MANY_REQUESTS), proxy.inflicted());
    }

    @Test
    void pushGetsThroughResetConnections() {
        BlobStore local = new BlobStore(work.resolve("local"));
        SampleImage image = SampleImage.create(local, AMD64, 32, 3000);
        proxy.failNext(Failure.RESET, Failure.RESET);

        assertEquals(image.manifest().digest(), client().push(viaProxy("flaky-push:1"), image.manifest(), local));
        assertEquals(2, proxy.inflicted().size());
    }

    @Test
    void givesUpAfterFourTriesWithTheLastAnswer() {
        proxy.failNext(Collections.nCopies(10, Failure.UNAVAILABLE).toArray(Failure[]::new));

        RegistryException e = assertThrows(RegistryException.class, () -> client().fetchManifest(viaProxy("down:1")));

        assertEquals(503, e.status());
        assertEquals(viaProxy("down:1") + ": GET http://" + proxy.address()
                + "/v2/down/manifests/1: 503 UNAVAILABLE: injected by the test proxy", e.getMessage());
        assertEquals(4, proxy.inflicted().size());
    }
}
