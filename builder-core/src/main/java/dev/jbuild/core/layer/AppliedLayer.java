package dev.jbuild.core.layer;

import dev.jbuild.cache.digest.Digest;

/** What applying a layer did: the diff_id of the uncompressed tar, and how many entries it had. */
public record AppliedLayer(Digest diffId, long entries) {
}
