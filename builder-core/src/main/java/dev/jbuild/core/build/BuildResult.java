package dev.jbuild.core.build;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import java.util.List;

/** What a build made: the image manifest (its digest is what a registry will show), the config digest (Docker's image id) and the names it got. */
public record BuildResult(Descriptor manifest, Digest configDigest, List<String> tags) {

    public BuildResult {
        tags = List.copyOf(tags);
    }
}
