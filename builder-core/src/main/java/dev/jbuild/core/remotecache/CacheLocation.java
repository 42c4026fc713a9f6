package dev.jbuild.core.remotecache;

import dev.jbuild.core.registry.ImageReference;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Where a shared cache lives: a reference in a registry ({@code type=registry,ref=REF}) or an OCI
 * image layout directory ({@code type=local,src|dest=DIR}).
 */
public sealed interface CacheLocation {

    /** The cache is the manifest this reference names. */
    record Registry(ImageReference reference) implements CacheLocation {
        public Registry {
            Objects.requireNonNull(reference, "reference");
        }

        @Override
        public String toString() {
            return reference.toString();
        }
    }

    /** The cache is the manifest tagged {@link #TAG} in this OCI layout directory. */
    record Layout(Path directory) implements CacheLocation {
        /** The tag (ref name) the cache has in the layout's index.json. */
        public static final String TAG = "latest";

        public Layout {
            directory = directory.toAbsolutePath().normalize();
        }

        @Override
        public String toString() {
            return directory.toString();
        }
    }

    /**
     * Parses a {@code --cache-from} value: {@code type=registry,ref=REF}, {@code type=local,src=DIR},
     * or a bare {@code REF}, as docker buildx accepts.
     *
     * @throws IllegalArgumentException saying what is wrong with the value
     */
    static CacheLocation parse(String text) {
        return CacheFlagSyntax.location(CacheFlagSyntax.fields(text, Set.of("type", "ref", "src")), "src");
    }
}
