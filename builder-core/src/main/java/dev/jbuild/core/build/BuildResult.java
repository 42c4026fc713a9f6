package dev.jbuild.core.build;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import java.util.List;

/**
 * What a build made: the image manifest (its digest is what a registry will show), the config
 * digest (Docker's image id), the names it got, and how many steps missed the cache and ran.
 */
public record BuildResult(Descriptor manifest, Digest configDigest, List<String> tags, int stepsRun) {

    public BuildResult {
        tags = List.copyOf(tags);
    }
}
