package dev.jbuild.core.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageIndex;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes stored images as one tar ({@code jbuild save}): the blobs they need, an
 * {@code index.json} naming each, and for {@link ArchiveFormat#DOCKER} Docker's
 * {@code manifest.json} and {@code repositories}. Entries are in a fixed order with fixed
 * metadata, so saving the same images twice gives the same bytes.
 */
public final class ImageArchive {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageStore store;

    public ImageArchive(ImageStore store) {
        this.store = store;
    }

    public void write(List<StoredImage> images, ArchiveFormat format, OutputStream out) {
        try (TarWriter tar = new TarWriter(out)) {
            Set<Digest> written = new LinkedHashSet<>();
            tar.write(TarEntry.directory("blobs", 0755, 0, 0, 0));
            tar.write(TarEntry.directory("blobs/sha256", 0755, 0, 0, 0));
            List<Descriptor> entries = new ArrayList<>();
            ArrayNode dockerManifest = JSON.createArrayNode();
            Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
            for (StoredImage image : images) {
                ImageManifest manifest = ImageJson.read(store.readBlob(image.manifest().digest()), ImageManifest.class);
                copyBlob(tar, image.manifest().digest(), written);
                copyBlob(tar, manifest.config().digest(), written);
                for (Descriptor layer : manifest.layers()) {
                    copyBlob(tar, layer.digest(), written);
                }
                entries.add(image.manifest());
                if (format == ArchiveFormat.DOCKER) {
                    dockerManifest.add(dockerEntry(image, manifest));
                    addRepository(repositories, image, manifest);
                }
            }
            file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            file(tar, "index.json", ImageJson.write(new ImageIndex(2, MediaType.OCI_INDEX, null, entries, null, null, null)));
            if (format == ArchiveFormat.DOCKER) {
                file(tar, "manifest.json", JSON.writeValueAsBytes(dockerManifest));
                file(tar, "repositories", JSON.writeValueAsBytes(repositories));
            }
            tar.finish();
        } catch (IOException e) {
            throw new ImageStoreException("cannot write the image archive: " + e.getMessage(), e);
        }
    }

    private ObjectNode dockerEntry(StoredImage image, ImageManifest manifest) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("Config", blobPath(manifest.config().digest()));
        entry.putArray("RepoTags").add(DockerName.familiar(image.name()));
        ArrayNode layers = entry.putArray("Layers");
        manifest.layers().forEach(l -> layers.add(blobPath(l.digest())));
        return entry;
    }

    private static void addRepository(Map<String, Map<String, String>> repositories, StoredImage image,
            ImageManifest manifest) {
        String familiar = DockerName.familiar(image.name());
        int colon = familiar.lastIndexOf(':');
        if (colon <= familiar.lastIndexOf('/') || manifest.layers().isEmpty()) {
            return;
        }
        Digest top = manifest.layers().get(manifest.layers().size() - 1).digest();
        repositories.computeIfAbsent(familiar.substring(0, colon), k -> new LinkedHashMap<>())
                .put(familiar.substring(colon + 1), top.hex());
    }

    private static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm().ociName() + "/" + digest.hex();
    }

    private void copyBlob(TarWriter tar, Digest digest, Set<Digest> written) throws IOException {
        if (!written.add(digest)) {
            return;
        }
        long size = store.blobs().size(digest);
        try (InputStream in = store.blobs().open(digest)) {
            tar.write(TarEntry.file(blobPath(digest), 0644, 0, 0, size, 0), in);
        }
    }

    private static void file(TarWriter tar, String name, byte[] content) throws IOException {
        tar.write(TarEntry.file(name, 0644, 0, 0, content.length, 0), new java.io.ByteArrayInputStream(content));
    }
}
