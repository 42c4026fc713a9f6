package dev.jbuild.core.build;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.grammar.lint.LintWarning;
import java.util.List;

/**
 * What a build made: the image manifest (its digest is what a registry will show), the config
 * digest (Docker's image id), the names it got, how many steps missed the cache and ran, and
 * the Dockerfile's build-check warnings, which BuildKit prints at the end of a build.
 */
public record BuildResult(Descriptor manifest, Digest configDigest, List<String> tags, int stepsRun,
        List<LintWarning> warnings) {

    public BuildResult {
        tags = List.copyOf(tags);
        warnings = List.copyOf(warnings);
    }
}
