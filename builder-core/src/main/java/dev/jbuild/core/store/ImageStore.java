package dev.jbuild.core.store;

import dev.jbuild.cache.AtomicFile;
import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageIndex;
import dev.jbuild.core.image.DockerManifestList;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ManifestDocument;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.registry.PlatformMatcher;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * jbuild's local images: the data directory is itself an OCI image layout ({@code oci-layout},
 * {@code index.json}, {@code blobs/sha256}), so any OCI tool can read it, and a build tagged
 * {@code -t NAME} is found again by {@code FROM NAME}. Each tag is one index entry whose
 * {@code org.opencontainers.image.ref.name} (and containerd's {@code io.containerd.image.name})
 * is the full reference, e.g. {@code docker.io/library/app:latest}.
 *
 * <p>Blobs are shared with the build cache's blob store. {@code index.json} changes under an
 * exclusive file lock and are written to a temporary file and renamed, so several jbuild
 * processes can tag at once and a killed one never leaves a torn index.
 */
public final class ImageStore {

    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    public static final String CONTAINERD_NAME = "io.containerd.image.name";
    private static final String LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}";

    // File locks are held per process, so threads of this process also queue on a plain lock.
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path root;
    private final BlobStore blobs;

    public ImageStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.blobs = new BlobStore(this.root);
    }

    public Path root() {
        return root;
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** Every tagged image, in the order they were first tagged. */
    public List<StoredImage> images() {
        List<StoredImage> out = new ArrayList<>();
        for (Descriptor d : readIndex().manifests()) {
            String name = d.annotations() == null ? null : d.annotations().get(REF_NAME);
            if (name != null) {
                out.add(new StoredImage(name, d));
            }
        }
        return out;
    }

    /** The image with this full reference name. */
    public Optional<StoredImage> find(String name) {
        return images().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** Points {@code name} at a manifest whose blobs are already in the store, replacing an older tag. */
    public StoredImage tag(String name, Descriptor manifest) {
        if (!blobs.contains(manifest.digest())) {
            throw new ImageStoreException("cannot tag " + name + ": manifest " + manifest.digest()
                    + " is not in the store at " + root);
        }
        Map<String, String> annotations = new HashMap<>(manifest.annotations() == null ? Map.of() : manifest.annotations());
        annotations.put(REF_NAME, name);
        annotations.put(CONTAINERD_NAME, name);
        Descriptor entry = manifest.withAnnotations(annotations);
        updateIndex(entries -> {
            List<Descriptor> next = new ArrayList<>(entries.size() + 1);
            boolean replaced = false;
            for (Descriptor d : entries) {
                if (name.equals(nameOf(d))) {
                    next.add(entry);
                    replaced = true;
                } else {
                    next.add(d);
                }
            }
            if (!replaced) {
                next.add(entry);
            }
            return next;
        });
        return new StoredImage(name, entry);
    }

    /** Removes a tag; the blobs stay until pruned. Returns whether the tag existed. */
    public boolean untag(String name) {
        boolean[] removed = {false};
        updateIndex(entries -> {
            List<Descriptor> next = new ArrayList<>(entries);
            removed[0] = next.removeIf(d -> name.equals(nameOf(d)));
            return next;
        });
        return removed[0];
    }

    /**
     * The image manifest behind a stored image: its own descriptor, or for a multi-platform
     * index (what {@code --platform a,b} tags) the entry for {@code platform}, else the first, as
     * docker's containerd store shows an index by its host platform.
     */
    public Descriptor imageManifest(StoredImage image, Platform platform) {
        Descriptor manifest = image.manifest();
        if (!MediaType.isIndex(manifest.mediaType())) {
            return manifest;
        }
        ManifestDocument document = ImageJson.readManifest(readBlob(manifest.digest()), manifest.mediaType());
        List<Descriptor> entries = document instanceof ImageIndex index ? index.manifests()
                : ((DockerManifestList) document).manifests();
        List<Descriptor> images = entries.stream().filter(d -> MediaType.isManifest(d.mediaType())).toList();
        if (images.isEmpty()) {
            throw new ImageStoreException(image.name() + " is an index with no image manifest in it");
        }
        return new PlatformMatcher(platform).select(images).orElse(images.get(0));
    }

    /** Reads a stored blob whole: for manifests and configs, which are small. */
    public byte[] readBlob(Digest digest) {
        try (var in = blobs.open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ImageStoreException("cannot read blob " + digest + " in " + root + ": " + e.getMessage(), e);
        }
    }

    private static String nameOf(Descriptor d) {
        return d.annotations() == null ? null : d.annotations().get(REF_NAME);
    }

    private ImageIndex readIndex() {
        Path index = root.resolve("index.json");
        if (!Files.exists(index)) {
            return ImageIndex.of(List.of());
        }
        try {
            return ImageJson.read(Files.readAllBytes(index), ImageIndex.class);
        } catch (IOException e) {
            throw new ImageStoreException("cannot read " + index + ": " + e.getMessage(), e);
        }
    }

    private void updateIndex(UnaryOperator<List<Descriptor>> change) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(root, r -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(root);
            try (FileChannel lockFile = FileChannel.open(root.resolve("index.json.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                ensureLayoutFile();
                ImageIndex current = readIndex();
                List<Descriptor> manifests = change.apply(current.manifests());
                // A tag that names what it named already leaves the file as it was: the build memo
                // checks the index by its stat, and an unchanged rebuild re-tags its image.
                if (manifests.equals(current.manifests()) && Files.exists(root.resolve("index.json"))) {
                    return;
                }
                ImageIndex next = new ImageIndex(2, current.declaredMediaType(), current.artifactType(),
                        manifests, current.subject(), current.annotations(), current.extra());
                AtomicFile.write(root.resolve("index.json"), ImageJson.write(next));
            }
        } catch (IOException e) {
            throw new ImageStoreException("cannot update the image index in " + root + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    private void ensureLayoutFile() throws IOException {
        Path layout = root.resolve("oci-layout");
        if (!Files.exists(layout)) {
            AtomicFile.write(layout, LAYOUT.getBytes(StandardCharsets.UTF_8));
        }
    }
}
