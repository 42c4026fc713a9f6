package dev.jbuild.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.cache.blob.BlobStoreException;
import dev.jbuild.cache.blob.DigestMismatchException;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageIndex;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarEntryType;
import dev.jbuild.core.tar.TarReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code jbuild load}: reads an image archive — {@code docker save}'s (the older layout of
 * {@code ID/layer.tar} files, or Docker 25's OCI layout with {@code manifest.json}) or an OCI
 * layout in a tar, plain or compressed — into the store in one pass. Blobs are stored as they
 * stream by (those under {@code blobs/} checked against their names), then each image is tagged
 * with the names the archive gives it: Docker's {@code RepoTags}, containerd's
 * {@code io.containerd.image.name}, or an {@code org.opencontainers.image.ref.name} that is a
 * whole name rather than only a tag.
 */
public final class ArchiveLoader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_METADATA_BYTES = 4 << 20;
    private static final Set<String> METADATA = Set.of("index.json", "manifest.json", "oci-layout", "repositories");

    private final ImageStore store;
    private final UnaryOperator<String> fullName;

    /**
     * @param fullName turns a name as the archive spells it ({@code app:1}) into the store's full
     *     form ({@code docker.io/library/app:1}); throws IllegalArgumentException for a bad one
     */
    public ArchiveLoader(ImageStore store, UnaryOperator<String> fullName) {
        this.store = store;
        this.fullName = fullName;
    }

    /** What one archive held: its tagged images, in the archive's order. */
    public record Loaded(List<StoredImage> images) {
        public Loaded {
            images = List.copyOf(images);
        }
    }

    /** Reads the archive from {@code in}, named {@code source} in errors, and tags its images. */
    public Loaded load(InputStream in, String source) {
        Contents contents;
        try (TarReader tar = new TarReader(Compression.decompress(in))) {
            contents = read(tar, source);
        } catch (IOException e) {
            throw new ImageStoreException("cannot read the image archive " + source + ": " + e.getMessage(), e);
        }
        List<Candidate> candidates = new ArrayList<>();
        if (contents.metadata.containsKey("index.json")) {
            candidates.addAll(fromIndex(contents, source));
        } else if (contents.metadata.containsKey("manifest.json")) {
            candidates.addAll(fromDockerManifest(contents, source));
        } else {
            throw new ImageStoreException(source + " has neither index.json nor manifest.json: it is not an OCI layout"
                    + " or docker save archive");
        }
        List<StoredImage> tagged = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.names.isEmpty()) {
                throw new ImageStoreException("the image " + candidate.manifest.digest() + " in " + source
                        + " has no name (no RepoTags, " + ImageStore.CONTAINERD_NAME + " or full " + ImageStore.REF_NAME
                        + "), and jbuild's store keeps named images only");
            }
            for (String name : candidate.names) {
                tagged.add(store.tag(name, candidate.manifest));
            }
        }
        return new Loaded(tagged);
    }

    /** The archive's small JSON files by path, and where each other file went in the blob store. */
    private record Contents(Map<String, byte[]> metadata, Map<String, Digest> files) {
    }

    /** One image found in the archive: its manifest (in the store) and the full names to give it. */
    private record Candidate(Descriptor manifest, Set<String> names) {
    }

    private Contents read(TarReader tar, String source) throws IOException {
        Map<String, byte[]> metadata = new HashMap<>();
        Map<String, Digest> files = new HashMap<>();
        Map<String, String> links = new HashMap<>();
        for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
            String path = clean(entry.name());
            if (entry.type() == TarEntryType.SYMLINK || entry.type() == TarEntryType.HARDLINK) {
                // Older docker save links a layer shared by two images to the first copy.
                links.put(path, entry.type() == TarEntryType.HARDLINK ? clean(entry.linkName())
                        : resolve(path, entry.linkName()));
                continue;
            }
            if (entry.type() != TarEntryType.FILE) {
                continue;
            }
            if (METADATA.contains(path)) {
                metadata.put(path, metadataContent(tar, entry, source));
            } else if (path.startsWith("blobs/")) {
                files.put(path, storeBlob(tar.content(), path, source));
            } else if (path.endsWith(".json") || path.endsWith(".tar")) {
                files.put(path, store.blobs().write(tar.content()).digest());
            }
        }
        links.forEach((link, target) -> {
            Digest digest = files.get(target);
            if (digest != null) {
                files.put(link, digest);
            }
        });
        return new Contents(metadata, files);
    }

    private static byte[] metadataContent(TarReader tar, TarEntry entry, String source) throws IOException {
        if (entry.size() > MAX_METADATA_BYTES) {
            throw new ImageStoreException(entry.name() + " in " + source + " is " + entry.size()
                    + " bytes, more than the " + MAX_METADATA_BYTES + " an archive's metadata may have");
        }
        return tar.content().readAllBytes();
    }

    private Digest storeBlob(InputStream content, String path, String source) {
        String[] parts = path.split("/");
        Digest named;
        try {
            named = parts.length == 3 ? Digest.parse(parts[1] + ":" + parts[2]) : null;
        } catch (IllegalArgumentException e) {
            named = null;
        }
        if (named == null) {
            throw new ImageStoreException(path + " in " + source + " is not named blobs/ALGORITHM/HEX");
        }
        try {
            return store.blobs().write(content, named).digest();
        } catch (DigestMismatchException e) {
            throw new ImageStoreException(path + " in " + source + " does not match its name: " + e.getMessage(), e);
        } catch (BlobStoreException e) {
            throw new ImageStoreException("cannot store " + path + " of " + source + " in the data directory: "
                    + e.getMessage(), e);
        }
    }

    private List<Candidate> fromIndex(Contents contents, String source) {
        ImageIndex index = ImageJson.read(contents.metadata.get("index.json"), ImageIndex.class);
        Map<Digest, Set<String>> repoTags = dockerRepoTags(contents, source);
        // An image saved under two names is two index entries for one manifest: one candidate.
        Map<Digest, Candidate> candidates = new LinkedHashMap<>();
        for (Descriptor entry : index.manifests()) {
            Descriptor manifest = singlePlatform(entry, source);
            ImageManifest image = readManifest(manifest, source);
            Candidate candidate = candidates.computeIfAbsent(manifest.digest(),
                    d -> new Candidate(withoutNames(manifest), new LinkedHashSet<>()));
            candidate.names().addAll(repoTags.getOrDefault(image.config().digest(), Set.of()));
            annotatedName(entry, source).ifPresent(candidate.names()::add);
        }
        return List.copyOf(candidates.values());
    }

    // The index's name annotations say where the entry was in the archive; the store writes its own.
    private static Descriptor withoutNames(Descriptor manifest) {
        if (manifest.annotations() == null) {
            return manifest;
        }
        Map<String, String> kept = new HashMap<>(manifest.annotations());
        kept.remove(ImageStore.REF_NAME);
        kept.remove(ImageStore.CONTAINERD_NAME);
        return manifest.withAnnotations(kept.isEmpty() ? null : kept);
    }

    private Optional<String> annotatedName(Descriptor entry, String source) {
        Map<String, String> annotations = entry.annotations() == null ? Map.of() : entry.annotations();
        String containerd = annotations.get(ImageStore.CONTAINERD_NAME);
        if (containerd != null) {
            return Optional.of(name(containerd, source));
        }
        String ref = annotations.get(ImageStore.REF_NAME);
        // An OCI layout's ref.name is often a tag alone ("latest"), which names no repository.
        if (ref != null && (ref.contains("/") || ref.contains(":"))) {
            return Optional.of(name(ref, source));
        }
        return Optional.empty();
    }

    private Descriptor singlePlatform(Descriptor entry, String source) {
        if (!MediaType.isIndex(entry.mediaType())) {
            return entry;
        }
        ImageIndex nested = ImageJson.read(store.readBlob(entry.digest()), ImageIndex.class);
        Platform host = HostPlatform.current();
        List<Descriptor> images = nested.manifests().stream().filter(d -> MediaType.isManifest(d.mediaType())).toList();
        return images.stream()
                .filter(d -> d.platform() != null && d.platform().os().equals(host.os())
                        && d.platform().architecture().equals(host.architecture()))
                .findFirst()
                .or(() -> images.size() == 1 ? Optional.of(images.get(0)) : Optional.empty())
                .orElseThrow(() -> new ImageStoreException("the index " + entry.digest() + " in " + source
                        + " has no image for " + host.os() + "/" + host.architecture()));
    }

    private ImageManifest readManifest(Descriptor manifest, String source) {
        if (!store.blobs().contains(manifest.digest())) {
            throw new ImageStoreException(source + " names the manifest " + manifest.digest() + " but does not hold it");
        }
        ImageManifest image = ImageJson.read(store.readBlob(manifest.digest()), ImageManifest.class);
        List<Descriptor> needed = new ArrayList<>(image.layers());
        needed.add(image.config());
        for (Descriptor blob : needed) {
            if (!store.blobs().contains(blob.digest())) {
                throw new ImageStoreException("the image " + manifest.digest() + " in " + source + " needs the blob "
                        + blob.digest() + ", which the archive does not hold");
            }
        }
        return image;
    }

    private Map<Digest, Set<String>> dockerRepoTags(Contents contents, String source) {
        Map<Digest, Set<String>> names = new HashMap<>();
        for (JsonNode entry : dockerManifest(contents, source)) {
            Digest config = contents.files.get(clean(entry.path("Config").asText("")));
            if (config != null) {
                names.computeIfAbsent(config, c -> new LinkedHashSet<>()).addAll(repoTags(entry, source));
            }
        }
        return names;
    }

    private List<Candidate> fromDockerManifest(Contents contents, String source) {
        List<Candidate> candidates = new ArrayList<>();
        for (JsonNode entry : dockerManifest(contents, source)) {
            Descriptor config = fileBlob(contents, entry.path("Config").asText(""), MediaType.OCI_CONFIG, source);
            List<Descriptor> layers = new ArrayList<>();
            for (JsonNode layer : entry.path("Layers")) {
                layers.add(fileBlob(contents, layer.asText(""), null, source));
            }
            StoredBlob manifest = store.blobs().write(new ByteArrayInputStream(
                    ImageJson.write(ImageManifest.of(config, layers))));
            candidates.add(new Candidate(Descriptor.of(MediaType.OCI_MANIFEST, manifest.digest(), manifest.size()),
                    repoTags(entry, source)));
        }
        return candidates;
    }

    private List<JsonNode> dockerManifest(Contents contents, String source) {
        byte[] content = contents.metadata.get("manifest.json");
        if (content == null) {
            return List.of();
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(content);
        } catch (IOException e) {
            throw new ImageStoreException("manifest.json in " + source + " is not JSON: " + e.getMessage(), e);
        }
        if (!tree.isArray()) {
            throw new ImageStoreException("manifest.json in " + source + " is not a JSON array");
        }
        List<JsonNode> entries = new ArrayList<>();
        tree.forEach(entries::add);
        return entries;
    }

    private Set<String> repoTags(JsonNode entry, String source) {
        Set<String> names = new LinkedHashSet<>();
        entry.path("RepoTags").forEach(tag -> names.add(name(tag.asText(), source)));
        return names;
    }

    private String name(String raw, String source) {
        try {
            return fullName.apply(raw);
        } catch (IllegalArgumentException e) {
            throw new ImageStoreException(source + " names an image \"" + raw + "\": " + e.getMessage(), e);
        }
    }

    // A docker save layer is a tar, compressed or not; its media type says which.
    private Descriptor fileBlob(Contents contents, String path, String configType, String source) {
        Digest digest = contents.files.get(clean(path));
        if (digest == null) {
            throw new ImageStoreException("manifest.json in " + source + " names " + path + ", which the archive does not hold");
        }
        String mediaType = configType != null ? configType : layerType(digest);
        return Descriptor.of(mediaType, digest, store.blobs().size(digest));
    }

    private String layerType(Digest digest) {
        byte[] head;
        try (InputStream in = store.blobs().open(digest)) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            throw new ImageStoreException("cannot read layer " + digest + " in " + store.root() + ": " + e.getMessage(), e);
        }
        return switch (Compression.detect(head, head.length)) {
            case NONE -> MediaType.OCI_LAYER;
            case GZIP -> MediaType.OCI_LAYER_GZIP;
            case ZSTD -> MediaType.OCI_LAYER_ZSTD;
        };
    }

    private static String clean(String name) {
        String path = name;
        while (path.startsWith("./") || path.startsWith("/")) {
            path = path.substring(path.startsWith("/") ? 1 : 2);
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    // A symbolic link's target, relative to the link's directory, as a path from the archive's root.
    private static String resolve(String link, String target) {
        if (target.startsWith("/")) {
            return clean(target);
        }
        List<String> parts = new ArrayList<>(List.of(link.split("/")));
        parts.remove(parts.size() - 1);
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }
}
