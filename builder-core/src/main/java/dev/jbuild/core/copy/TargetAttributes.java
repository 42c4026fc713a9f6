package dev.jbuild.core.copy;

import java.util.Map;
import java.util.Objects;

/**
 * What a copied entry ends up with besides its content: owner, permission bits (negative: leave
 * them as created), extended attributes to set, and modification time in seconds (null: leave it).
 */
record TargetAttributes(FileOwner owner, int mode, Map<String, byte[]> xattrs, Long mtimeSeconds) {

    TargetAttributes {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(xattrs, "xattrs");
        if (mode > 07777) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " has bits beyond 07777");
        }
    }
}
