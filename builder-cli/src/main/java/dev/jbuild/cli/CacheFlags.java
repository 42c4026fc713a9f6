package dev.jbuild.cli;

import dev.jbuild.core.build.BuildRequest;
import dev.jbuild.core.prune.CacheLimit;
import dev.jbuild.core.prune.StorageSize;
import dev.jbuild.core.remotecache.RemoteCacheOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code jbuild build}'s cache flags: whether steps may come from the cache, shared caches, the cache's size limit. */
final class CacheFlags {

    @Option(names = "--no-cache", description = "run every step, without the cache")
    private boolean noCache;

    @Option(names = "--pull", description = "always fetch base images from their registry")
    private boolean pull;

    @Option(names = "--cache-from", paramLabel = "type=registry,ref=REF|type=local,src=DIR",
            description = "import a shared build cache: a registry reference or an OCI layout directory another build "
                    + "exported with --cache-to; layers are fetched only for steps that hit; one that cannot be read is a "
                    + "warning; repeatable")
    private List<String> cacheFrom = new ArrayList<>();

    @Option(names = "--cache-to", paramLabel = "type=registry,ref=REF|type=local,dest=DIR[,mode=min|max]",
            description = "export this build's cache records and layers to a registry (as one OCI manifest) or an OCI "
                    + "layout directory; mode=min (default) the steps of the built image, mode=max every step of "
                    + "every stage; ignore-error=true makes a failed export a warning; repeatable")
    private List<String> cacheTo = new ArrayList<>();

    @Option(names = "--no-cache-filter", split = ",", paramLabel = "STAGE[,STAGE]",
            description = "run the steps of these stages (by name or index) without the cache; they still record their results; repeatable")
    private List<String> noCacheFilter = new ArrayList<>();

    @Option(names = "--cache-limit", paramLabel = "SIZE|off",
            description = "after a build that ran steps, keep the build cache under SIZE (e.g. 5GB), least recently used "
                    + "going first; off to skip (default: $JBUILD_CACHE_LIMIT, else 10%% of the file system, at most 20GB)")
    private String cacheLimit;

    @Option(names = "--explain-cache", description = "for every step that runs, say which input changed since the last build")
    private boolean explainCache;

    void applyTo(BuildRequest.Builder request, CommandLine cl) {
        RemoteCacheOptions remoteCache;
        try {
            remoteCache = RemoteCacheOptions.parse(cacheFrom, cacheTo);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        request.noCache(noCache).pull(pull).remoteCache(remoteCache).noCacheFilter(noCacheFilter).explainCache(explainCache);
    }

    /** The environment the automatic prune reads, with --cache-limit standing in for JBUILD_CACHE_LIMIT; checked before the build. */
    Map<String, String> limitSetting(CommandLine cl) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        if (cacheLimit == null) {
            return environment;
        }
        if (!cacheLimit.trim().equalsIgnoreCase("off")) {
            try {
                StorageSize.parse(cacheLimit);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--cache-limit: " + e.getMessage() + ", or off");
            }
        }
        environment.put(CacheLimit.ENVIRONMENT, cacheLimit);
        return environment;
    }
}
