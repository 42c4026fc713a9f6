package dev.jbuild.core.export;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.DockerManifest;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.LayerConversions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An image as an output wants it, from the image as the store has it: layers recompressed
 * ({@code compression}, {@code compression-level}, {@code force-compression}), OCI or Docker
 * media types ({@code oci-mediatypes}) and manifest annotations. The store keeps the layers
 * builds write as plain tars; without a compression asked for, those become gzip (BuildKit's
 * default) on the way out, and compressed layers are kept byte for byte unless forced. The
 * uncompressed tars, and so the config's diff_ids, never change. Converted blobs go into the
 * store and {@link LayerConversions} remembers them, so a later export reuses them.
 */
final class ImageRewrite {

    private static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";

    /**
     * What to change. Empty compression keeps each compressed layer's and turns plain tars into
     * {@code plainLayers}: gzip for what leaves the store, NONE where plain tars are as good
     * ({@code docker load}, the store itself).
     */
    record Options(Optional<Compression> compression, Optional<Integer> level, boolean force, boolean ociMediaTypes,
            Map<String, String> manifestAnnotations, Compression plainLayers) {

        Options {
            manifestAnnotations = Map.copyOf(manifestAnnotations);
            Objects.requireNonNull(plainLayers, "plainLayers");
            level.ifPresent(l -> {
                Compression c = compression.orElse(Compression.GZIP);
                int max = c == Compression.ZSTD ? 22 : 9;
                if (c != Compression.NONE && (l < 1 || l > max)) {
                    throw new IllegalArgumentException("compression-level=" + l + " is out of range for "
                            + c.name().toLowerCase(Locale.ROOT) + " (1-" + max + ")");
                }
            });
        }

        /** As the image is stored, with the manifest's media types as {@code ociMediaTypes} says. */
        static Options asStored(boolean ociMediaTypes) {
            return new Options(Optional.empty(), Optional.empty(), false, ociMediaTypes, Map.of(), Compression.NONE);
        }

        /** What leaves the store without attributes: plain layers gzipped, BuildKit's default. */
        static Options distributed(boolean ociMediaTypes) {
            return new Options(Optional.empty(), Optional.empty(), false, ociMediaTypes, Map.of(), Compression.GZIP);
        }

        /**
         * Reads {@code compression}, {@code compression-level}, {@code force-compression},
         * {@code oci-mediatypes} (default {@code ociDefault}) and {@code annotation.*} /
         * {@code annotation-manifest.*}; zstd turns OCI media types on, as BuildKit does, since
         * Docker's have no zstd layer.
         */
        static Options from(ExportAttributes attributes, boolean ociDefault, Compression plainLayers,
                Consumer<String> warnings) {
            Optional<Compression> compression = attributes.string("compression").map(v -> switch (v) {
                case "gzip" -> Compression.GZIP;
                case "zstd" -> Compression.ZSTD;
                case "uncompressed" -> Compression.NONE;
                default -> throw attributes.error("compression=" + v + " is not gzip, zstd or uncompressed");
            });
            boolean oci = attributes.bool("oci-mediatypes", ociDefault);
            if (compression.orElse(null) == Compression.ZSTD && !oci) {
                warnings.accept("compression=zstd needs OCI media types: oci-mediatypes=true is forced");
                oci = true;
            }
            Map<String, String> annotations = new HashMap<>(attributes.annotations("annotation."));
            annotations.putAll(attributes.annotations("annotation-manifest."));
            if (!annotations.isEmpty() && !oci) {
                throw attributes.error("manifest annotations need oci-mediatypes=true (Docker manifests have none)");
            }
            try {
                return new Options(compression, attributes.integer("compression-level"),
                        attributes.bool("force-compression", false), oci, annotations, plainLayers);
            } catch (IllegalArgumentException e) {
                throw attributes.error(e.getMessage());
            }
        }
    }

    private final ImageStore store;
    private final Options options;
    private final LayerConversions conversions;
    private final Map<Digest, Descriptor> rewritten = new HashMap<>();

    ImageRewrite(ImageStore store, Options options) {
        this.store = store;
        this.options = options;
        this.conversions = new LayerConversions(store.blobs());
    }

    /** The manifest with the options applied, written to the store; the same descriptor when nothing changes. */
    Descriptor apply(Descriptor manifest) throws IOException {
        ImageManifest source = ImageJson.read(store.readBlob(manifest.digest()), ImageManifest.class);
        List<Descriptor> layers = new ArrayList<>();
        for (Descriptor layer : source.layers()) {
            layers.add(layer(layer));
        }
        Descriptor config = Descriptor.of(options.ociMediaTypes() ? MediaType.OCI_CONFIG : MediaType.DOCKER_CONFIG,
                source.config().digest(), source.config().size());
        String mediaType = options.ociMediaTypes() ? MediaType.OCI_MANIFEST : MediaType.DOCKER_MANIFEST;
        boolean unchanged = mediaType.equals(source.declaredMediaType()) && config.equals(plain(source.config()))
                && layers.equals(source.layers().stream().map(ImageRewrite::plain).toList())
                && options.manifestAnnotations().isEmpty();
        if (unchanged) {
            return manifest;
        }
        byte[] json = options.ociMediaTypes()
                ? ImageJson.write(new ImageManifest(2, mediaType, null, config, layers, null,
                        merged(source.annotations()), null))
                : ImageJson.write(DockerManifest.of(config, layers));
        StoredBlob blob = store.blobs().write(new ByteArrayInputStream(json));
        return Descriptor.of(mediaType, blob.digest(), blob.size());
    }

    private Map<String, String> merged(Map<String, String> existing) {
        Map<String, String> out = new HashMap<>(existing == null ? Map.of() : existing);
        out.putAll(options.manifestAnnotations());
        return out.isEmpty() ? null : out;
    }

    private static Descriptor plain(Descriptor d) {
        return Descriptor.of(d.mediaType(), d.digest(), d.size());
    }

    private Descriptor layer(Descriptor layer) throws IOException {
        Descriptor done = rewritten.get(layer.digest());
        if (done != null) {
            return done;
        }
        Compression current = compressionOf(store.blobs(), layer);
        // As BuildKit: forcing without a compression recompresses to its default, gzip.
        Compression wanted = options.compression().orElse(options.force() ? Compression.GZIP
                : current == Compression.NONE ? options.plainLayers() : current);
        Descriptor result;
        if (wanted == current && !options.force()) {
            result = Descriptor.of(mediaType(wanted), layer.digest(), layer.size());
        } else {
            StoredBlob blob = conversions.convert(layer.digest(), wanted, options.level());
            result = Descriptor.of(mediaType(wanted), blob.digest(), blob.size());
        }
        rewritten.put(layer.digest(), result);
        return result;
    }

    private String mediaType(Compression compression) {
        if (options.ociMediaTypes()) {
            return switch (compression) {
                case NONE -> MediaType.OCI_LAYER;
                case GZIP -> MediaType.OCI_LAYER_GZIP;
                case ZSTD -> MediaType.OCI_LAYER_ZSTD;
            };
        }
        return compression == Compression.NONE ? DOCKER_LAYER : MediaType.DOCKER_LAYER_GZIP;
    }

    // The bytes decide, not the media type: a layer pulled under a mislabelled type is still read right.
    private static Compression compressionOf(BlobStore blobs, Descriptor layer) throws IOException {
        try (InputStream in = blobs.open(layer.digest())) {
            byte[] head = in.readNBytes(4);
            return Compression.detect(head, head.length);
        }
    }
}
