package dev.jbuild.core.source.image;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.BlobStoreException;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.DockerManifest;
import dev.jbuild.core.image.DockerManifestList;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.ImageIndex;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageJsonException;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.ManifestDocument;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.registry.PlatformMatcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads one image out of a local OCI image layout directory into the build's blob store: the
 * entry of {@code index.json} the reference names (by digest, by tag, or the only one), the
 * host's platform when that entry is an index, then the manifest, config and layers. Every blob
 * is copied through the store's digest check, so a layout whose files were altered is refused
 * and the solver reads layers from the store as it does for pulled images.
 */
final class OciLayoutImage {

    static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final String DEFAULT_TAG = "latest";
    private static final int MAX_INDEX_DEPTH = 4;
    // A digest given on the command line for a blob index.json does not list: the document says what it is.
    private static final String UNKNOWN_TYPE = "application/octet-stream";

    private final OciLayoutReference reference;
    private final BlobStore blobs;
    private final PlatformMatcher platform;

    OciLayoutImage(OciLayoutReference reference, BlobStore blobs, Platform platform) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.platform = new PlatformMatcher(platform);
    }

    ResolvedImage resolve() {
        Path dir = reference.directory();
        if (!Files.isDirectory(dir)) {
            throw new OciLayoutException(reference + ": " + dir + " is not a directory");
        }
        if (!Files.isRegularFile(dir.resolve("oci-layout")) || !Files.isRegularFile(dir.resolve("index.json"))) {
            throw new OciLayoutException(reference + ": " + dir + " is not an OCI image layout (it needs the files oci-layout and index.json)");
        }
        Descriptor entry = entry(read(dir.resolve("index.json"), ImageIndex.class));
        for (int depth = 0; depth < MAX_INDEX_DEPTH; depth++) {
            ManifestDocument document = manifest(entry);
            if (document instanceof ImageIndex index) {
                entry = forPlatform(index.manifests());
            } else if (document instanceof DockerManifestList list) {
                entry = forPlatform(list.manifests());
            } else if (document instanceof ImageManifest m) {
                return image(entry, document, m.config(), m.layers());
            } else if (document instanceof DockerManifest m) {
                return image(entry, document, m.config(), m.layers());
            }
        }
        throw new OciLayoutException(reference + ": indexes nested deeper than " + MAX_INDEX_DEPTH + " levels");
    }

    // As buildx: an explicit digest wins; else the tag (default latest); a layout of one unnamed image needs neither.
    private Descriptor entry(ImageIndex index) {
        List<Descriptor> manifests = index.manifests();
        if (reference.digest().isPresent()) {
            Digest digest = reference.digest().get();
            return manifests.stream().filter(d -> d.digest().equals(digest)).findFirst()
                    .orElseGet(() -> Descriptor.of(UNKNOWN_TYPE, digest, size(digest)));
        }
        String tag = reference.tag().orElse(DEFAULT_TAG);
        Optional<Descriptor> tagged = manifests.stream().filter(d -> names(d, tag)).findFirst();
        if (tagged.isPresent()) {
            return tagged.get();
        }
        if (reference.tag().isEmpty() && manifests.size() == 1) {
            return manifests.get(0);
        }
        List<String> tags = manifests.stream().map(OciLayoutImage::refName).filter(Objects::nonNull).toList();
        throw new OciLayoutException(reference + ": tag " + tag + " not found in " + reference.directory().resolve("index.json")
                + (tags.isEmpty() ? " (its images have no org.opencontainers.image.ref.name; select one with @sha256:DIGEST)"
                        : "; it has: " + String.join(", ", tags)));
    }

    // A layout written by skopeo names images by tag alone; jbuild's store and containerd by full name.
    private static boolean names(Descriptor d, String tag) {
        String name = refName(d);
        return name != null && (name.equals(tag) || name.endsWith(":" + tag) && !name.endsWith("/" + tag));
    }

    private static String refName(Descriptor d) {
        return d.annotations() == null ? null : d.annotations().get(REF_NAME);
    }

    private Descriptor forPlatform(List<Descriptor> manifests) {
        return platform.select(manifests).orElseThrow(() -> new OciLayoutException(reference + ": no image for "
                + platform.wanted() + " in its index; it has "
                + manifests.stream().map(d -> String.valueOf(d.platform())).toList()));
    }

    private ManifestDocument manifest(Descriptor entry) {
        importBlob(entry.digest(), entry.size());
        try {
            String announced = entry.mediaType().equals(UNKNOWN_TYPE) ? null : entry.mediaType();
            return ImageJson.readManifest(stored(entry.digest()), announced);
        } catch (ImageJsonException e) {
            throw new OciLayoutException(reference + ": " + entry.digest() + " is not a manifest: " + e.getMessage(), e);
        }
    }

    private ResolvedImage image(Descriptor entry, ManifestDocument document, Descriptor config, List<Descriptor> layers) {
        ImageConfig imageConfig;
        importBlob(config.digest(), config.size());
        try {
            imageConfig = ImageJson.read(stored(config.digest()), ImageConfig.class);
        } catch (ImageJsonException e) {
            throw new OciLayoutException(reference + ": its config " + config.digest() + " is not an image config: "
                    + e.getMessage(), e);
        }
        for (Descriptor layer : layers) {
            importBlob(layer.digest(), layer.size());
        }
        Descriptor manifest = Descriptor.of(document.declaredMediaType(), entry.digest(), entry.size());
        return new ResolvedImage(reference.toString(), manifest, imageConfig, layers);
    }

    /** Copies a blob into the store, through its digest check, unless the store has it already. */
    private void importBlob(Digest digest, long size) {
        Path file = blobPath(digest);
        if (!Files.isRegularFile(file)) {
            throw new OciLayoutException(reference + ": blob " + digest + " is missing (no file " + file + ")");
        }
        try {
            if (Files.size(file) != size) {
                throw new OciLayoutException(reference + ": blob " + digest + " has " + Files.size(file)
                        + " bytes but its descriptor says " + size);
            }
            if (!blobs.contains(digest)) {
                try (InputStream in = Files.newInputStream(file)) {
                    blobs.write(in, digest);
                }
            }
        } catch (BlobStoreException e) {
            throw new OciLayoutException(reference + ": blob " + digest + " cannot be used: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new OciLayoutException(reference + ": cannot read blob " + digest + ": " + e.getMessage(), e);
        }
    }

    private byte[] stored(Digest digest) {
        try (InputStream in = blobs.open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new OciLayoutException(reference + ": cannot read blob " + digest + " back from the store: " + e.getMessage(), e);
        }
    }

    private long size(Digest digest) {
        try {
            return Files.size(blobPath(digest));
        } catch (IOException e) {
            throw new OciLayoutException(reference + ": no image with digest " + digest + " in " + reference.directory(), e);
        }
    }

    private Path blobPath(Digest digest) {
        return reference.directory().resolve("blobs").resolve(digest.algorithm().ociName()).resolve(digest.hex());
    }

    private <T> T read(Path file, Class<T> type) {
        try {
            return ImageJson.read(Files.readAllBytes(file), type);
        } catch (IOException | ImageJsonException e) {
            throw new OciLayoutException(reference + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
