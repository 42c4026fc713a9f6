package dev.jbuild.core.layer;

import dev.jbuild.cache.digest.Digest;

/**
 * What applying a layer did: the diff_id of the uncompressed tar, how many entries it had, and
 * how many of them got their owner only as a {@link RootlessOwnership} record (this process
 * could not chown them).
 */
public record AppliedLayer(Digest diffId, long entries, long recordedOwners) {
}
