package dev.jbuild.core.build;

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
 * switches ({@code --no-cache}, {@code --pull}, {@code --sandbox}, {@code --network},
 * {@code --snapshotter}), and the
 * {@code --secret} files by id (mounted by {@code RUN --mount=type=secret}, never stored), and
 * {@code --label}s, set on the image over the Dockerfile's, and {@code --build-context}s by name
 * (a directory, or {@code docker-image://REF}). With {@code sourceDateEpoch}
 * every timestamp the build writes is that time, so the image digest is reproducible.
 */
public record BuildRequest(Dockerfile dockerfile, Optional<Path> dockerfilePath, Path context,
        Map<String, String> buildArgs, Optional<String> target,
        List<String> tags, boolean noCache, boolean pull, String sandbox, Optional<Instant> sourceDateEpoch,
        int parallelStages, String network, Map<String, Path> secrets, Map<String, String> labels,
        Map<String, String> namedContexts, boolean explainCache, String snapshotter) {

    public BuildRequest {
        Objects.requireNonNull(dockerfile, "dockerfile");
        Objects.requireNonNull(dockerfilePath, "dockerfilePath");
        buildArgs = Map.copyOf(buildArgs);
        Objects.requireNonNull(target, "target");
        tags = List.copyOf(tags);
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(snapshotter, "snapshotter");
        Objects.requireNonNull(network, "network");
        secrets = Map.copyOf(secrets);
        labels = Map.copyOf(labels);
        namedContexts = Map.copyOf(namedContexts);
        Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
    }
}
