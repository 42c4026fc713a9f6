package dev.jbuild.core.copy;

import dev.jbuild.core.fs.PathClean;
import dev.jbuild.core.context.ContextSelection;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One COPY or ADD into a stage's root, every value already expanded and resolved: the selected
 * sources (from the build context or another stage's root, see {@link ContextSelection}), the
 * destination as an absolute path inside the image (the caller has applied WORKDIR to a relative
 * one, keeping a trailing slash), the {@code --chown} owner as numbers, the {@code --chmod}
 * permission bits, and whether local tar archives are unpacked (ADD's default, never COPY's).
 *
 * <p>The destination is a directory when it ends in {@code /} (or {@code /.}); several sources
 * need such a destination, as the Docker reference requires (BuildKit itself does not check, and
 * lets the last source win).
 */
public record CopyOperation(
        ContextSelection sources,
        String destination,
        Optional<FileOwner> chown,
        OptionalInt chmod,
        boolean unpackArchives) {

    public CopyOperation {
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(chown, "chown");
        Objects.requireNonNull(chmod, "chmod");
        if (!destination.startsWith("/")) {
            throw new IllegalArgumentException("the copy destination must be absolute (WORKDIR applied), got '"
                    + destination + "'");
        }
        if (destination.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL byte in copy destination '" + destination + "'");
        }
        if (chmod.isPresent() && (chmod.getAsInt() < 0 || chmod.getAsInt() > 07777)) {
            throw new IllegalArgumentException("invalid chmod parameter: '" + Integer.toOctalString(chmod.getAsInt())
                    + "'. it should be octal string and between 0 and 07777");
        }
        if (sources.sources().size() > 1 && !isDirectory(destination)) {
            throw new CopyException(destination, "When using " + (unpackArchives ? "ADD" : "COPY")
                    + " with more than one source file, the destination must be a directory and end with a /");
        }
    }

    /** Whether the destination names a directory (into which sources go) rather than a file. */
    public boolean destinationIsDirectory() {
        return isDirectory(destination);
    }

    /** The destination cleaned, still absolute. */
    public String cleanDestination() {
        return PathClean.of(destination);
    }

    private static boolean isDirectory(String destination) {
        return destination.endsWith("/") || destination.endsWith("/.") || destination.endsWith("/..");
    }
}
