package dev.jbuild.core.build;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.grammar.lint.LintWarning;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a build made: the image manifest in the store, the manifest its outputs last wrote
 * ({@code exportedManifest}: the store's unless an output recompressed or changed media types;
 * what {@code --metadata-file} and digest files report, as buildx reports its exporter's), the
 * config digest (Docker's image id), the names it got, how many steps missed the cache and ran,
 * the Dockerfile's build-check warnings, which BuildKit prints at the end of a build, and the
 * local cache records its cached steps were answered from.
 */
public record BuildResult(Descriptor manifest, Descriptor exportedManifest, Digest configDigest, List<String> tags,
        int stepsRun, List<LintWarning> warnings, List<Path> recordsUsed) {

    public BuildResult {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(exportedManifest, "exportedManifest");
        tags = List.copyOf(tags);
        warnings = List.copyOf(warnings);
        recordsUsed = List.copyOf(recordsUsed);
    }
}
