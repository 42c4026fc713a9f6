package dev.jbuild.maven;

import dev.jbuild.cache.CacheDirectory;
import dev.jbuild.core.build.BuildRequest;
import dev.jbuild.core.build.BuildResult;
import dev.jbuild.core.build.ImageBuilder;
import dev.jbuild.core.plan.BuildException;
import dev.jbuild.core.progress.BuildEvent;
import dev.jbuild.core.remotecache.RemoteCacheOptions;
import dev.jbuild.core.prune.AutomaticPrune;
import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.DockerfileParser;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Goal {@code jbuild:build}: builds the project's Dockerfile into jbuild's local image store,
 * in the Maven JVM, with the same engine and request as {@code jbuild build}; steps show in the
 * Maven log as BuildKit's plain progress does.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractMojo {

    /** The Dockerfile. */
    @Parameter(property = "jbuild.dockerfile", defaultValue = "${project.basedir}/Dockerfile")
    File dockerfile;

    /** The build context directory. */
    @Parameter(property = "jbuild.context", defaultValue = "${project.basedir}")
    File context;

    /** Names for the image in the local store, like {@code -t}. */
    @Parameter(property = "jbuild.tags")
    List<String> tags = new ArrayList<>();

    /** Build arguments, like {@code --build-arg}. */
    @Parameter
    Map<String, String> buildArgs = new HashMap<>();

    /** The stage to build, like {@code --target}. */
    @Parameter(property = "jbuild.target")
    String target;

    /** Run every step without the cache. */
    @Parameter(property = "jbuild.noCache", defaultValue = "false")
    boolean noCache;

    /** Shared caches to import, like {@code --cache-from}: {@code type=registry,ref=REF} or {@code type=local,src=DIR}. */
    @Parameter(property = "jbuild.cacheFrom")
    List<String> cacheFrom = new ArrayList<>();

    /** Shared caches to export, like {@code --cache-to}: {@code type=registry,ref=REF[,mode=min|max]} or {@code type=local,dest=DIR}. */
    @Parameter(property = "jbuild.cacheTo")
    List<String> cacheTo = new ArrayList<>();

    /** jbuild's data directory; default as the CLI's ($JBUILD_CACHE, $XDG_CACHE_HOME/jbuild, ~/.cache/jbuild). */
    @Parameter(property = "jbuild.cacheDir")
    File cacheDir;

    /** Skips the goal. */
    @Parameter(property = "jbuild.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("jbuild: build skipped");
            return;
        }
        try {
            RemoteCacheOptions remoteCache;
            try {
                remoteCache = RemoteCacheOptions.parse(cacheFrom, cacheTo);
            } catch (IllegalArgumentException e) {
                throw new MojoExecutionException("jbuild: " + e.getMessage().replace("--cache-from", "cacheFrom")
                        .replace("--cache-to", "cacheTo"), e);
            }
            Dockerfile parsed = DockerfileParser.parse(dockerfile.toPath());
            Path data = cacheDir != null ? cacheDir.toPath() : CacheDirectory.fromEnvironment().root();
            BuildRequest request = BuildRequest.builder(parsed).dockerfilePath(dockerfile.toPath()).context(context.toPath())
                    .buildArgs(buildArgs).target(target).tags(tags).noCache(noCache).remoteCache(remoteCache).build();
            BuildResult result = new ImageBuilder(data, this::log).build(request);
            getLog().info("jbuild: image " + result.configDigest() + " manifest " + result.manifest().digest());
            result.tags().forEach(t -> getLog().info("jbuild: naming to " + t));
            if (result.stepsRun() > 0) {
                new AutomaticPrune(data, System.getenv(), w -> getLog().warn("jbuild: " + w)).run()
                        .ifPresent(r -> getLog().info("jbuild: build cache over its limit, reclaimed " + r.reclaimed()));
            }
        } catch (IOException e) {
            throw new MojoExecutionException("jbuild: cannot read " + dockerfile + ": " + e.getMessage(), e);
        } catch (DockerfileException e) {
            throw new MojoFailureException(e.describe(), e);
        } catch (BuildException e) {
            String where = e.range().map(r -> dockerfile.getName() + ":" + r.startLine() + ": ").orElse("");
            throw new MojoFailureException("jbuild: " + where + e.getMessage()
                    + (e.outputTail().isBlank() ? "" : "\n" + e.outputTail()), e);
        }
    }

    private void log(BuildEvent event) {
        int n = event.vertex();
        if (event instanceof BuildEvent.Started s) {
            getLog().info("#" + n + " " + s.name());
        } else if (event instanceof BuildEvent.Cached) {
            getLog().info("#" + n + " CACHED");
        } else if (event instanceof BuildEvent.Output o) {
            getLog().info("#" + n + " " + o.line());
        } else if (event instanceof BuildEvent.Warning w) {
            getLog().warn("#" + n + " WARNING: " + w.message());
        } else if (event instanceof BuildEvent.Failed f) {
            getLog().error("#" + n + " ERROR: " + f.message());
        } else if (event instanceof BuildEvent.Canceled) {
            getLog().warn("#" + n + " CANCELED");
        }
    }

}
