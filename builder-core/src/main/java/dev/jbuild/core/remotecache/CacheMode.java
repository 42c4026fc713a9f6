package dev.jbuild.core.remotecache;

/**
 * Which records an export carries: {@code MIN} only those of the steps whose layers are in the
 * built image (the target stage's chain), {@code MAX} those of every step of every stage solved.
 */
public enum CacheMode {
    MIN, MAX
}
