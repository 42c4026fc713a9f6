package dev.jbuild.core.registry;

/** How a blob came to be in the target repository: already there, mounted from another repository, or uploaded. */
public enum BlobPushOutcome {
    EXISTED,
    MOUNTED,
    UPLOADED
}
