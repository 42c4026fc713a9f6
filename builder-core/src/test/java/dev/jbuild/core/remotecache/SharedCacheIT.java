package dev.jbuild.core.remotecache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.cache.index.CacheEntry;
import dev.jbuild.cache.index.CacheIndex;
import dev.jbuild.cache.index.CacheKey;
import dev.jbuild.cache.index.CacheRecord;
import dev.jbuild.cache.index.CachedLayer;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.registry.DockerConfig;
import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.registry.RegistryClient;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.testing.LocalRegistry;
import dev.jbuild.core.testing.RegistryExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Export and lazy import of cache records through a real OCI layout directory and a real docker-registry. */
@ExtendWith(RegistryExtension.class)
class SharedCacheIT {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final Supplier<RegistryClient> client = () -> RegistryClient.builder().dockerConfig(DockerConfig.none()).build();

    private static CacheKey key(String name) {
        return CacheKey.builder("run").add("argv", name).build();
    }

    /** Machine A: two plain-tar layers in its blob store, as builds store them, and three records (one step changed nothing). */
    private List<CacheEntry> machineA(BlobStore blobs) {
        List<CacheEntry> entries = new ArrayList<>();
        for (String name : List.of("one", "two")) {
            StoredBlob blob = blobs.write(new ByteArrayInputStream(("layer " + name).getBytes(StandardCharsets.UTF_8)));
            entries.add(new CacheEntry(key(name), CacheRecord.of(new CachedLayer(blob.digest(), blob.digest(), blob.size(),
                    MediaType.OCI_LAYER))));
        }
        entries.add(new CacheEntry(key("noop"), CacheRecord.noChange()));
        return entries;
    }

    @Test
    void flagsAreParsedAsBuildxWritesThem() {
        CacheExport max = CacheExport.parse("type=registry,ref=127.0.0.1:5000/app:cache,mode=max");
        assertEquals(CacheMode.MAX, max.mode());
        assertEquals("127.0.0.1:5000/app:cache", max.location().toString());
        assertEquals(CacheMode.MIN, CacheExport.parse("127.0.0.1:5000/app:cache").mode());
        assertTrue(CacheExport.parse("type=local,dest=" + dir).location() instanceof CacheLocation.Layout);
        assertTrue(CacheExport.parse("type=local,dest=x,ignore-error=true").ignoreError());
        assertTrue(CacheLocation.parse("type=local,src=" + dir) instanceof CacheLocation.Layout);
        assertTrue(CacheLocation.parse("type=registry,ref=reg.example/app:cache") instanceof CacheLocation.Registry);
    }

    @Test
    void badFlagsSayWhatIsWrongAndWhichFlag() {
        assertTrue(message(() -> RemoteCacheOptions.parse(List.of("type=s3,ref=x"), List.of()))
                .startsWith("--cache-from type=s3,ref=x: type=s3 is not supported"));
        assertTrue(message(() -> RemoteCacheOptions.parse(List.of(), List.of("type=registry,mode=max")))
                .contains("--cache-to type=registry,mode=max: type=registry needs ref=REF"));
        assertTrue(message(() -> RemoteCacheOptions.parse(List.of(), List.of("type=local,src=/x")))
                .contains("unknown attribute 'src'"));
        assertTrue(message(() -> RemoteCacheOptions.parse(List.of(), List.of("type=local")))
                .contains("type=local needs dest=DIR"));
        assertTrue(message(() -> RemoteCacheOptions.parse(List.of(), List.of("ref=r/a:c,mode=all")))
                .contains("mode=all is not supported"));
    }

    private static String message(Runnable parse) {
        return assertThrows(IllegalArgumentException.class, parse::run).getMessage();
    }

    @Test
    void layoutRoundTripFetchesALayerOnlyWhenItsKeyHits() {
        BlobStore a = new BlobStore(dir.resolve("a"));
        List<CacheEntry> entries = machineA(a);
        CacheLocation layout = new CacheLocation.Layout(dir.resolve("shared"));
        assertEquals(3, new CacheExporter(client, a).export(layout, entries));
        ImageStore shared = new ImageStore(dir.resolve("shared"));
        assertEquals(1, shared.images().size());
        ImageManifest published = ImageJson.read(shared.readBlob(shared.images().get(0).manifest().digest()),
                ImageManifest.class);
        assertEquals(List.of(MediaType.OCI_LAYER_GZIP, MediaType.OCI_LAYER_GZIP),
                published.layers().stream().map(Descriptor::mediaType).toList(), "the cache carries gzip layers");

        BlobStore b = new BlobStore(dir.resolve("b"));
        CacheIndex index = new CacheIndex(dir.resolve("b"), b);
        ImportedCache cache = new CacheImporter(client, b, index).open(layout, warnings::add);
        assertEquals(3, cache.size());
        CachedLayer two = entries.get(1).record().layer().orElseThrow();
        assertFalse(b.contains(two.digest()));
        assertEquals(Optional.of(entries.get(1).record()), cache.lookup(key("two")));
        assertTrue(b.contains(two.digest()));
        assertFalse(b.contains(entries.get(0).record().layer().orElseThrow().digest()));
        assertEquals(Optional.of(entries.get(1).record()), index.lookup(key("two")));
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void registryAcceptsTheCacheManifestAndAMissingOneIsAnErrorNamingIt(LocalRegistry registry) throws Exception {
        BlobStore a = new BlobStore(dir.resolve("a"));
        List<CacheEntry> entries = machineA(a);
        ImageReference ref = ImageReference.parse(registry.address() + "/team/app:buildcache");
        new CacheExporter(client, a).export(new CacheLocation.Registry(ref), entries);

        ImageManifest stored = (ImageManifest) client.get().fetchManifest(ref).document();
        assertEquals(ExportedRecords.MEDIA_TYPE, stored.config().mediaType());
        assertEquals(2, stored.layers().size());

        BlobStore b = new BlobStore(dir.resolve("b"));
        ImportedCache cache = new CacheImporter(client, b, new CacheIndex(dir.resolve("b"), b))
                .open(new CacheLocation.Registry(ref), warnings::add);
        assertEquals(Optional.of(entries.get(0).record()), cache.lookup(key("one")));
        assertTrue(b.contains(entries.get(0).record().layer().orElseThrow().digest()));
        assertFalse(b.contains(entries.get(1).record().layer().orElseThrow().digest()));

        CacheLocation missing = new CacheLocation.Registry(ImageReference.parse(registry.address() + "/team/none:cache"));
        RemoteCacheException e = assertThrows(RemoteCacheException.class,
                () -> new CacheImporter(client, b, new CacheIndex(dir.resolve("b"), b)).open(missing, warnings::add));
        assertTrue(e.getMessage().contains(registry.address() + "/team/none:cache"), e.getMessage());
    }

    @Test
    void aCacheOfAnotherKeySchemaIsRefusedWithTheReason() {
        BlobStore a = new BlobStore(dir.resolve("a"));
        byte[] config = ("{\"keySchemaVersion\":" + (CacheKey.SCHEMA_VERSION + 7) + ",\"records\":[]}").getBytes(StandardCharsets.UTF_8);
        a.write(new ByteArrayInputStream(config));
        byte[] manifest = ImageJson.write(ImageManifest.of(Descriptor.ofContent(ExportedRecords.MEDIA_TYPE, config), List.of()));
        Descriptor manifestDescriptor = Descriptor.ofContent(MediaType.OCI_MANIFEST, manifest);
        a.write(new ByteArrayInputStream(manifest));
        ImageStore layout = new ImageStore(dir.resolve("shared"));
        layout.blobs().write(new ByteArrayInputStream(config));
        layout.blobs().write(new ByteArrayInputStream(manifest));
        layout.tag(CacheLocation.Layout.TAG, manifestDescriptor);

        RemoteCacheException e = assertThrows(RemoteCacheException.class, () -> new CacheImporter(client, a,
                new CacheIndex(dir.resolve("a"), a)).open(new CacheLocation.Layout(dir.resolve("shared")), warnings::add));
        assertTrue(e.getMessage().contains("schema version " + (CacheKey.SCHEMA_VERSION + 7)), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("shared").toString()), e.getMessage());
    }
}
