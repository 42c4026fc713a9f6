package dev.jbuild.core.build;

import dev.jbuild.core.remotecache.RemoteCacheOptions;
import dev.jbuild.grammar.Dockerfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One build, as the CLI and the Maven plugin describe it: the parsed Dockerfile (and its file,
 * next to which a {@code Dockerfile.dockerignore} may sit; empty for stdin), the context
 * directory, {@code --build-arg}s, {@code --target}, the tags for the local store, and the
 * switches ({@code --no-cache}, {@code --pull}, {@code --sandbox}, {@code --network}), and the
 * {@code --secret} files by id (mounted by {@code RUN --mount=type=secret}, never stored), the
 * {@code --ssh} forwards by id (an agent socket or key files, for {@code RUN --mount=type=ssh}), and
 * {@code --label}s, set on the image over the Dockerfile's, and {@code --build-context}s by name
 * (a directory, {@code docker-image://REF} or {@code oci-layout://PATH[:TAG][@DIGEST]}), and the shared
 * caches to import and export ({@code --cache-from}, {@code --cache-to}). With {@code sourceDateEpoch}
 * every timestamp the build writes is that time, so the image digest is reproducible.
 * {@code noCacheFilter} names stages (by name or index) whose steps run without the cache
 * ({@code --no-cache-filter}).
 */
public record BuildRequest(Dockerfile dockerfile, Optional<Path> dockerfilePath, Path context,
        Map<String, String> buildArgs, Optional<String> target,
        List<String> tags, boolean noCache, boolean pull, String sandbox, Optional<Instant> sourceDateEpoch,
        int parallelStages, String network, Map<String, Path> secrets, Map<String, List<Path>> ssh,
        Map<String, String> labels,
        Map<String, String> namedContexts, boolean explainCache, List<String> noCacheFilter,
        RemoteCacheOptions remoteCache) {

    public BuildRequest {
        Objects.requireNonNull(dockerfile, "dockerfile");
        Objects.requireNonNull(dockerfilePath, "dockerfilePath");
        buildArgs = Map.copyOf(buildArgs);
        Objects.requireNonNull(target, "target");
        tags = List.copyOf(tags);
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(network, "network");
        secrets = Map.copyOf(secrets);
        ssh = Map.copyOf(ssh);
        labels = Map.copyOf(labels);
        namedContexts = Map.copyOf(namedContexts);
        noCacheFilter = List.copyOf(noCacheFilter);
        Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
        Objects.requireNonNull(remoteCache, "remoteCache");
    }
}
