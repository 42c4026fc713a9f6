package dev.jbuild.core.export;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jbuild.cache.AtomicFile;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code --metadata-file} records about a build, under buildx's keys (sorted, as buildx
 * writes them): {@code containerimage.digest} (the manifest's digest, what a registry shows),
 * {@code containerimage.config.digest} (Docker's image id), {@code containerimage.descriptor}
 * (the manifest's mediaType, digest and size), {@code image.name} (the names, comma-joined,
 * when there are any) and {@code buildx.build.ref} when the caller has a build reference
 * ({@link #newBuildRef()}).
 */
public record BuildMetadata(Descriptor manifest, Digest configDigest, List<String> names, Optional<String> buildRef) {

    private static final ObjectMapper JSON = new ObjectMapper();

    // As Go's json.MarshalIndent writes it, which scripts match on: "key": value, two-space indents.
    private static final DefaultPrettyPrinter GO_INDENT = new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private static final SecureRandom RANDOM = new SecureRandom();

    public BuildMetadata {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(configDigest, "configDigest");
        names = List.copyOf(names);
        Objects.requireNonNull(buildRef, "buildRef");
    }

    /**
     * A fresh build reference in buildx's {@code BUILDER/NODE/ID} form: builder {@code jbuild},
     * node {@code local} (jbuild builds on the machine it runs on) and a random 25-character
     * base-36 id, the shape of BuildKit's build ids, so scripts that split buildx's value work.
     */
    public static String newBuildRef() {
        String id = new BigInteger(128, RANDOM).toString(36);
        return "jbuild/local/" + "0".repeat(25 - id.length()) + id;
    }

    /** The JSON document, keys in buildx's (alphabetical) order, ending in a newline. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        buildRef.ifPresent(ref -> root.put("buildx.build.ref", ref));
        root.put("containerimage.config.digest", configDigest.toString());
        ObjectNode descriptor = root.putObject("containerimage.descriptor");
        descriptor.put("mediaType", manifest.mediaType());
        descriptor.put("digest", manifest.digest().toString());
        descriptor.put("size", manifest.size());
        root.put("containerimage.digest", manifest.digest().toString());
        if (!names.isEmpty()) {
            root.put("image.name", String.join(",", names));
        }
        try {
            byte[] json = JSON.writer(GO_INDENT).writeValueAsBytes(root);
            byte[] out = Arrays.copyOf(json, json.length + 1);
            out[json.length] = '\n';
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write build metadata as JSON", e);
        }
    }

    /** Writes the document to {@code file}, replacing it whole. */
    public void write(Path file) throws IOException {
        AtomicFile.writeOutput(file, out -> out.write(toJson()));
    }
}
