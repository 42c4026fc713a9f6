package dev.jbuild.cache.index;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.digest.DigestAlgorithm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The identity of a build step's result: sha256 over a schema version and named fields (the
 * step's definition, its input's key, checksums of the files it reads). Fields are written with
 * their lengths, so no two different field lists hash alike.
 */
public record CacheKey(Digest digest) {

    /**
     * Bump when what goes into a key changes, so old records are never mistaken for new ones.
     * 4: COPY --from keys on the files it copies, and results an ordinary user's builds made
     * before base layers carried their real owners (RUN steps saw them as root's) are not reused.
     */
    public static final int SCHEMA_VERSION = 4;

    public CacheKey {
        Objects.requireNonNull(digest, "digest");
    }

    public static Builder builder(String kind) {
        return new Builder(kind);
    }

    @Override
    public String toString() {
        return digest.toString();
    }

    /** Adds fields in a fixed order; the same fields give the same key on any machine. */
    public static final class Builder {
        private final MessageDigest hash = DigestAlgorithm.SHA256.newMessageDigest();

        private Builder(String kind) {
            add("schema", Integer.toString(SCHEMA_VERSION));
            add("kind", kind);
        }

        public Builder add(String name, String value) {
            field(name);
            field(value);
            return this;
        }

        public Builder add(String name, Iterable<String> values) {
            field(name);
            int count = 0;
            for (String v : values) {
                field(v);
                count++;
            }
            field("#" + count);
            return this;
        }

        public Builder add(String name, CacheKey input) {
            return add(name, input.digest().toString());
        }

        private void field(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            hash.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
            hash.update(bytes);
        }

        public CacheKey build() {
            return new CacheKey(Digest.of(DigestAlgorithm.SHA256, hash.digest()));
        }
    }
}
