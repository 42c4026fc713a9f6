package dev.jbuild.core.export;

/**
 * The formats of {@code jbuild save}: an OCI image layout in a tar, or Docker's archive format
 * that {@code docker load} reads (an OCI layout plus Docker's {@code manifest.json} and
 * {@code repositories}, as Docker 25 and later write it).
 */
public enum ArchiveFormat {
    OCI,
    DOCKER
}
