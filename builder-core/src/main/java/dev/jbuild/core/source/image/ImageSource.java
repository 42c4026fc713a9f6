package dev.jbuild.core.source.image;

import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.DockerManifest;
import dev.jbuild.core.image.DockerManifestList;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.ImageIndex;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.ManifestDocument;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.plan.BaseImageConfigs;
import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.registry.PlatformMatcher;
import dev.jbuild.core.registry.PulledImage;
import dev.jbuild.core.registry.RegistryClient;
import dev.jbuild.core.store.HostPlatform;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.StoredImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Finds the images a build starts from, as Docker does: an image in the local store by its full
 * name first (so {@code -t app} then {@code FROM app} works offline), else the registry, pulled
 * into the store. With {@code pull}, the registry is always asked. An {@code oci-layout://}
 * reference (a named context) is read from that local layout instead, its blobs copied into the
 * store and verified. Each reference is resolved once per build, so the planner and the solver
 * see the same image. A stored image counts only when it is for the build's platform: an index
 * gives the entry for it, and a single image of another platform (the host's, say, when building
 * for {@code linux/arm64}) is looked for in the registry instead, as BuildKit would.
 */
public final class ImageSource implements BaseImageConfigs {

    private final ImageStore store;
    private final Supplier<RegistryClient> registry;
    private final Platform platform;
    private final boolean pull;
    private final Map<String, ResolvedImage> resolved = new ConcurrentHashMap<>();
    // this source and its siblings for other platforms (FROM --platform), made once each
    private final Map<Platform, ImageSource> family;

    public ImageSource(ImageStore store, Supplier<RegistryClient> registry, Platform platform, boolean pull) {
        this(store, registry, platform, pull, new ConcurrentHashMap<>());
        family.put(platform, this);
    }

    private ImageSource(ImageStore store, Supplier<RegistryClient> registry, Platform platform, boolean pull,
            Map<Platform, ImageSource> family) {
        this.store = store;
        this.registry = registry;
        this.platform = platform;
        this.pull = pull;
        this.family = family;
    }

    /** The images for a stage of another platform ({@code FROM --platform}), with the same store, registry and pull rule. */
    @Override
    public ImageSource forPlatform(Platform other) {
        return family.computeIfAbsent(other, p -> new ImageSource(store, registry, p, pull, family));
    }

    @Override
    public ImageConfig configOf(String reference) {
        return resolve(reference).config();
    }

    public ResolvedImage resolve(String reference) {
        if (OciLayoutReference.matches(reference)) {
            OciLayoutReference layout = OciLayoutReference.parse(reference);
            return resolved.computeIfAbsent(layout.toString(),
                    name -> new OciLayoutImage(layout, store.blobs(), platform).resolve());
        }
        ImageReference parsed = ImageReference.parse(reference);
        return resolved.computeIfAbsent(parsed.toString(), name -> pull ? fetch(parsed) : local(name).orElseGet(() -> fetchOver(parsed)));
    }

    // A stored image of another platform is why the registry is asked; a failure there says so.
    private ResolvedImage fetchOver(ImageReference reference) {
        Optional<StoredImage> stored = store.find(reference.toString());
        try {
            return fetch(reference);
        } catch (RuntimeException e) {
            if (stored.isEmpty() || MediaType.isIndex(stored.get().manifest().mediaType())) {
                throw e;
            }
            Platform other = platformOf(read(stored.get()).config());
            throw new IllegalStateException("the local store's " + reference + " is for " + other + ", not " + platform
                    + ", and the registry has none: " + e.getMessage(), e);
        }
    }

    private Optional<ResolvedImage> local(String name) {
        return store.find(name).flatMap(this::entryFor).map(this::read);
    }

    // The stored image for this platform: the image itself, or its index's entry when that is here.
    private Optional<StoredImage> entryFor(StoredImage image) {
        PlatformMatcher matcher = new PlatformMatcher(platform);
        if (MediaType.isIndex(image.manifest().mediaType())) {
            ManifestDocument document = ImageJson.readManifest(store.readBlob(image.manifest().digest()),
                    image.manifest().mediaType());
            List<Descriptor> entries = document instanceof ImageIndex index ? index.manifests()
                    : ((DockerManifestList) document).manifests();
            return matcher.select(entries).filter(entry -> store.blobs().contains(entry.digest()))
                    .map(entry -> new StoredImage(image.name(), entry));
        }
        return Optional.of(image).filter(i -> matcher.matches(platformOf(read(i).config())));
    }

    private static Platform platformOf(ImageConfig config) {
        return new Platform(config.architecture() == null ? "" : config.architecture(),
                config.os() == null ? "" : config.os(), null, null, config.variant(), null, null);
    }

    // The name is tagged to what was pulled, except that one platform of an index does not take the
    // name from an image of the host's platform: a multi-platform build would swap the tag each
    // time, and every later build for the host would fetch again.
    private ResolvedImage fetch(ImageReference reference) {
        PulledImage pulled = registry.get().pull(reference, platform, store.blobs());
        String name = reference.toString();
        boolean keepHosts = pulled.indexDescriptor().isPresent() && !platform.equals(HostPlatform.current())
                && store.find(name).filter(stored -> !MediaType.isIndex(stored.manifest().mediaType()))
                        .map(stored -> new PlatformMatcher(HostPlatform.current()).matches(platformOf(read(stored).config())))
                        .orElse(false);
        if (!keepHosts) {
            store.tag(name, pulled.manifest());
        }
        return new ResolvedImage(name, pulled.manifest(), pulled.imageConfig(), pulled.layers());
    }

    private ResolvedImage read(StoredImage image) {
        byte[] bytes = store.readBlob(image.manifest().digest());
        ManifestDocument document = ImageJson.readManifest(bytes, image.manifest().mediaType());
        Descriptor config;
        List<Descriptor> layers;
        if (document instanceof ImageManifest m) {
            config = m.config();
            layers = m.layers();
        } else if (document instanceof DockerManifest m) {
            config = m.config();
            layers = m.layers();
        } else {
            throw new IllegalStateException(image.name() + " in the local store is an index, not an image manifest");
        }
        ImageConfig imageConfig = ImageJson.read(store.readBlob(config.digest()), ImageConfig.class);
        Descriptor manifest = Descriptor.of(image.manifest().mediaType(), image.manifest().digest(), image.manifest().size());
        return new ResolvedImage(image.name(), manifest, imageConfig, layers);
    }
}
