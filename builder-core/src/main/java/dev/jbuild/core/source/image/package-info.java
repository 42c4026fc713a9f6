/**
 * Base images and other images a build reads: {@code FROM} and {@code COPY --from} references
 * resolved from the local store, then their registry, or from an OCI layout directory
 * ({@code oci-layout://}), to a manifest, config and layers.
 */
package dev.jbuild.core.source.image;
