package dev.jbuild.core.source.image;

import dev.jbuild.cache.digest.Digest;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code --build-context NAME=oci-layout://PATH[:TAG][@sha256:DIGEST]} value, as buildx reads it:
 * a local OCI image layout directory and which image of it, by the tag its {@code index.json}
 * gives in the {@code org.opencontainers.image.ref.name} annotation, or by digest. A relative
 * path is taken from the working directory, so the reference always holds an absolute one.
 */
public record OciLayoutReference(Path directory, Optional<String> tag, Optional<Digest> digest) {

    public static final String SCHEME = "oci-layout://";

    public OciLayoutReference {
        Objects.requireNonNull(directory, "directory");
        if (!directory.isAbsolute()) {
            throw new IllegalArgumentException("the OCI layout directory must be absolute: " + directory);
        }
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        tag.ifPresent(t -> {
            if (t.isEmpty() || t.contains("/")) {
                throw new IllegalArgumentException("'" + t + "' is not a tag");
            }
        });
    }

    /** True if {@code spec} is meant as an OCI layout reference. */
    public static boolean matches(String spec) {
        return spec.startsWith(SCHEME);
    }

    /**
     * Reads {@code oci-layout://PATH[:TAG][@DIGEST]}. The tag is what follows the last colon after
     * the last slash, so directories with colons in their parents still work.
     *
     * @throws IllegalArgumentException saying what is wrong with the reference
     */
    public static OciLayoutReference parse(String spec) {
        if (!matches(spec)) {
            throw new IllegalArgumentException("'" + spec + "' does not start with " + SCHEME);
        }
        String rest = spec.substring(SCHEME.length());
        Optional<Digest> digest = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            try {
                digest = Optional.of(Digest.parse(rest.substring(at + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(spec + ": '" + rest.substring(at + 1)
                        + "' is not a digest (write @sha256:HEX): " + e.getMessage(), e);
            }
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
            if (tag.get().isEmpty()) {
                throw new IllegalArgumentException(spec + ": the tag after ':' is empty");
            }
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(spec + ": no directory given (write oci-layout://PATH[:TAG])");
        }
        return new OciLayoutReference(Path.of(rest).toAbsolutePath().normalize(), tag, digest);
    }

    @Override
    public String toString() {
        return SCHEME + directory + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
