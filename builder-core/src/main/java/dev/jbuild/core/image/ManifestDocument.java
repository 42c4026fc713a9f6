package dev.jbuild.core.image;

/**
 * Any document a registry may answer for a manifest reference: an image manifest or an
 * index, in OCI or Docker schema 2 form. {@link ImageJson#readManifest} picks the right one.
 */
public sealed interface ManifestDocument permits ImageManifest, ImageIndex, DockerManifest, DockerManifestList {

    /** The media type this document declares or, for OCI documents that omit it, implies. */
    String declaredMediaType();
}
