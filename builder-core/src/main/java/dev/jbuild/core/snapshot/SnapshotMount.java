package dev.jbuild.core.snapshot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a sandbox puts a mutable snapshot at a step's {@code /}. A native snapshot is a plain
 * directory, bind-mounted as it is. The overlay snapshotter will add a variant holding the
 * read-only lower directories, the upper directory and overlayfs's work directory, which the
 * sandbox mounts inside its own user namespace (the JVM cannot enter one); sealing the type
 * makes every sandbox handle each kind there is.
 */
public sealed interface SnapshotMount {

    /** A root filesystem that is an ordinary directory on the host. */
    record Directory(Path root) implements SnapshotMount {
        public Directory {
            Objects.requireNonNull(root, "snapshot root");
        }
    }
}
