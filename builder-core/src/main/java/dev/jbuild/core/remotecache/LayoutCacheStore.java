package dev.jbuild.core.remotecache;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A shared cache in an OCI image layout directory: the manifest tagged {@link CacheLocation.Layout#TAG}
 * in its index.json, with its blobs under blobs/. The layout is written as jbuild's own store is
 * (atomic index updates), so a directory CI keeps between runs is never left torn.
 */
final class LayoutCacheStore implements CacheStore {

    private final Path directory;
    private final ImageStore layout;

    LayoutCacheStore(Path directory) {
        this.directory = directory;
        this.layout = new ImageStore(directory);
    }

    @Override
    public ImageManifest manifest() {
        if (!Files.isRegularFile(directory.resolve("index.json"))) {
            throw new RemoteCacheException("there is no OCI layout there (no index.json)", null);
        }
        StoredImage cache = layout.find(CacheLocation.Layout.TAG).orElseThrow(() ->
                new RemoteCacheException("its index.json has no manifest named " + CacheLocation.Layout.TAG, null));
        return ImageJson.read(layout.readBlob(cache.manifest().digest()), ImageManifest.class);
    }

    @Override
    public void fetch(Descriptor blob, BlobStore into) {
        copy(layout.blobs(), blob, into);
    }

    @Override
    public void publish(Descriptor manifest, ImageManifest document, BlobStore from) {
        List<Descriptor> blobs = new ArrayList<>(document.layers());
        blobs.add(document.config());
        blobs.add(manifest);
        for (Descriptor blob : blobs) {
            copy(from, blob, layout.blobs());
        }
        layout.tag(CacheLocation.Layout.TAG, manifest);
    }

    private static void copy(BlobStore source, Descriptor blob, BlobStore target) {
        if (target.contains(blob.digest())) {
            return;
        }
        try (InputStream in = source.open(blob.digest())) {
            target.write(in, blob.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy blob " + blob.digest() + ": " + e.getMessage(), e);
        }
    }
}
