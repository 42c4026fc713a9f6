package dev.jbuild.core.export;

import dev.jbuild.core.store.DockerName;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.ImageStoreException;
import dev.jbuild.core.store.StoredImage;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jbuild.cache.AtomicFile;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageIndex;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.DockerManifestList;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.ManifestDocument;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes images from the store as an OCI image layout, in a tar ({@code jbuild save},
 * {@code -o type=oci|docker}) or in a directory ({@code tar=false}): the blobs they need and an
 * {@code index.json} with one entry per name, which carries the name as containerd and BuildKit
 * write it (the tag in {@code org.opencontainers.image.ref.name}, the full name in
 * {@code io.containerd.image.name}); {@link ArchiveFormat#DOCKER} adds Docker's
 * {@code manifest.json} and {@code repositories}. Entries are in a fixed order with fixed
 * metadata, so writing the same images twice gives the same bytes.
 */
public final class ImageArchive {

    /** BuildKit's words for a docker archive of a multi-platform image, which Docker's format cannot hold. */
    static final String NO_DOCKER_INDEX = "docker exporter does not currently support exporting manifest lists";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

    /**
     * One image to write: its manifest in the store and the full names it goes by (none for an
     * unnamed export, whose index entry then carries no name).
     */
    public record Entry(Descriptor manifest, List<String> names) {
        public Entry {
            Objects.requireNonNull(manifest, "manifest");
            names = List.copyOf(names);
        }
    }

    private final ImageStore store;

    public ImageArchive(ImageStore store) {
        this.store = store;
    }

    /**
     * {@code jbuild save}: stored images, each under its store name, with the layers the store
     * keeps as plain tars gzipped ({@link OutgoingImage}).
     */
    public void write(List<StoredImage> images, ArchiveFormat format, OutputStream out) {
        write(images.stream().map(i -> new Entry(OutgoingImage.manifest(store, i.manifest()), List.of(i.name())))
                .toList(), format, Map.of(), out);
    }

    /** A layout tar of these images; {@code indexAnnotations} go on {@code index.json} itself. */
    public void write(List<Entry> images, ArchiveFormat format, Map<String, String> indexAnnotations, OutputStream out) {
        try (TarWriter tar = new TarWriter(out)) {
            tar.write(TarEntry.directory("blobs", 0755, 0, 0, 0));
            tar.write(TarEntry.directory("blobs/sha256", 0755, 0, 0, 0));
            writeLayout(images, format, indexAnnotations, new TarSink(tar));
            tar.finish();
        } catch (IOException e) {
            throw new ImageStoreException("cannot write the image archive: " + e.getMessage(), e);
        }
    }

    /** The same layout as {@link #write}, as files in {@code directory} (created if missing; blobs already there are kept). */
    public void writeDirectory(List<Entry> images, ArchiveFormat format, Map<String, String> indexAnnotations,
            Path directory) {
        try {
            Files.createDirectories(directory.resolve("blobs/sha256"));
            writeLayout(images, format, indexAnnotations, new DirectorySink(directory));
        } catch (IOException e) {
            throw new ImageStoreException("cannot write the OCI layout " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The tag part of a full name, as OCI's ref.name holds it: {@code latest} for {@code docker.io/library/x:latest}. */
    static String refName(String fullName) {
        int at = fullName.indexOf('@');
        String named = at < 0 ? fullName : fullName.substring(0, at);
        String digest = at < 0 ? "" : fullName.substring(at);
        int colon = named.lastIndexOf(':');
        if (colon <= named.lastIndexOf('/')) {
            return digest.isEmpty() ? fullName : digest;
        }
        return named.substring(colon + 1) + digest;
    }

    private void writeLayout(List<Entry> images, ArchiveFormat format, Map<String, String> indexAnnotations, Sink sink)
            throws IOException {
        Set<Digest> written = new HashSet<>();
        List<Descriptor> entries = new ArrayList<>();
        ArrayNode dockerManifest = JSON.createArrayNode();
        Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
        for (Entry image : images) {
            entries.addAll(indexEntries(image));
            if (MediaType.isIndex(image.manifest().mediaType())) {
                if (format == ArchiveFormat.DOCKER) {
                    throw new ImageStoreException(image.names() + ": " + NO_DOCKER_INDEX
                            + "; save it with --format=oci");
                }
                copyIndex(sink, image.manifest(), written);
                continue;
            }
            ImageManifest manifest = copyManifest(sink, image.manifest(), written);
            if (format == ArchiveFormat.DOCKER) {
                dockerManifest.add(dockerEntry(image, manifest));
                image.names().forEach(name -> addRepository(repositories, name, manifest));
            }
        }
        sink.file("oci-layout", LAYOUT);
        sink.file("index.json", ImageJson.write(new ImageIndex(2, MediaType.OCI_INDEX, null, entries, null,
                indexAnnotations.isEmpty() ? null : indexAnnotations, null)));
        if (format == ArchiveFormat.DOCKER) {
            sink.file("manifest.json", JSON.writeValueAsBytes(dockerManifest));
            sink.file("repositories", JSON.writeValueAsBytes(repositories));
        }
    }

    // One index entry per name, as containerd writes them; a name from the store replaces the store's own naming.
    private static List<Descriptor> indexEntries(Entry image) {
        Map<String, String> kept = new LinkedHashMap<>(image.manifest().annotations() == null ? Map.of()
                : image.manifest().annotations());
        kept.remove(ImageStore.REF_NAME);
        kept.remove(ImageStore.CONTAINERD_NAME);
        if (image.names().isEmpty()) {
            return List.of(image.manifest().withAnnotations(kept.isEmpty() ? null : kept));
        }
        List<Descriptor> out = new ArrayList<>();
        for (String name : image.names()) {
            Map<String, String> annotations = new LinkedHashMap<>(kept);
            annotations.put(ImageStore.CONTAINERD_NAME, name);
            annotations.put(ImageStore.REF_NAME, refName(name));
            out.add(image.manifest().withAnnotations(annotations));
        }
        return out;
    }

    // A multi-platform image: the index, then each platform's manifest with its blobs.
    private void copyIndex(Sink sink, Descriptor index, Set<Digest> written) throws IOException {
        copyBlob(sink, index.digest(), written);
        ManifestDocument document = ImageJson.readManifest(store.readBlob(index.digest()), index.mediaType());
        List<Descriptor> children = document instanceof ImageIndex i ? i.manifests() : ((DockerManifestList) document).manifests();
        for (Descriptor child : children) {
            copyManifest(sink, child, written);
        }
    }

    private ImageManifest copyManifest(Sink sink, Descriptor descriptor, Set<Digest> written) throws IOException {
        ImageManifest manifest = ImageJson.read(store.readBlob(descriptor.digest()), ImageManifest.class);
        copyBlob(sink, descriptor.digest(), written);
        copyBlob(sink, manifest.config().digest(), written);
        for (Descriptor layer : manifest.layers()) {
            copyBlob(sink, layer.digest(), written);
        }
        return manifest;
    }

    private static ObjectNode dockerEntry(Entry image, ImageManifest manifest) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("Config", blobPath(manifest.config().digest()));
        ArrayNode tags = entry.putArray("RepoTags");
        image.names().forEach(name -> tags.add(DockerName.familiar(name)));
        ArrayNode layers = entry.putArray("Layers");
        manifest.layers().forEach(l -> layers.add(blobPath(l.digest())));
        return entry;
    }

    private static void addRepository(Map<String, Map<String, String>> repositories, String name,
            ImageManifest manifest) {
        String familiar = DockerName.familiar(name);
        int colon = familiar.lastIndexOf(':');
        if (colon <= familiar.lastIndexOf('/') || familiar.contains("@") || manifest.layers().isEmpty()) {
            return;
        }
        Digest top = manifest.layers().get(manifest.layers().size() - 1).digest();
        repositories.computeIfAbsent(familiar.substring(0, colon), k -> new LinkedHashMap<>())
                .put(familiar.substring(colon + 1), top.hex());
    }

    private static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm().ociName() + "/" + digest.hex();
    }

    private void copyBlob(Sink sink, Digest digest, Set<Digest> written) throws IOException {
        if (!written.add(digest)) {
            return;
        }
        long size = store.blobs().size(digest);
        try (InputStream in = store.blobs().open(digest)) {
            sink.blob(blobPath(digest), size, in);
        }
    }

    /** Where the layout's files go: tar entries or files in a directory. */
    private interface Sink {
        void blob(String path, long size, InputStream content) throws IOException;

        void file(String path, byte[] content) throws IOException;
    }

    private record TarSink(TarWriter tar) implements Sink {
        @Override
        public void blob(String path, long size, InputStream content) throws IOException {
            tar.write(TarEntry.file(path, 0644, 0, 0, size, 0), content);
        }

        @Override
        public void file(String path, byte[] content) throws IOException {
            tar.write(TarEntry.file(path, 0644, 0, 0, content.length, 0), new ByteArrayInputStream(content));
        }
    }

    private record DirectorySink(Path root) implements Sink {
        // Blobs are named by their content, so one already in the layout is already right.
        @Override
        public void blob(String path, long size, InputStream content) throws IOException {
            Path target = root.resolve(path);
            if (Files.exists(target)) {
                return;
            }
            AtomicFile.writeOutput(target, content::transferTo);
        }

        @Override
        public void file(String path, byte[] content) throws IOException {
            AtomicFile.writeOutput(root.resolve(path), out -> out.write(content));
        }
    }
}
