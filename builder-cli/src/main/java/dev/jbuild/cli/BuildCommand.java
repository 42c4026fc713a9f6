package dev.jbuild.cli;

import dev.jbuild.cache.lock.DataDirectoryLock;
import dev.jbuild.core.build.BuildRequest;
import dev.jbuild.core.build.BuildResult;
import dev.jbuild.core.build.ImageBuilder;
import dev.jbuild.core.context.ContextLocation;
import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.core.progress.ProgressListener;
import dev.jbuild.core.prune.AutomaticPrune;
import dev.jbuild.core.prune.CacheLimit;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileParser;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jbuild build}: builds an image from a Dockerfile and a context, with docker build's flags. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build an image from a Dockerfile and a context directory, without a daemon and without root.",
            "RUN steps run in a rootless sandbox; each step's result is cached by the content it depends on.",
            "After a build that ran steps, the build cache is kept under its limit: $JBUILD_CACHE_LIMIT (a size such as 5GB, "
                + "or off), else 10%% of the file system, at most 20GB; least recently used entries go first (see jbuild prune).",
            "A build that ran no step leaves a memo: the same command line, unchanged, is answered from it at once "
                + "(JBUILD_MEMO=off turns it off, JBUILD_MEMO=explain says why it did not answer; see docs/cache.md)."})
final class BuildCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONTEXT",
            description = "the build context: a directory, - for a tar archive on stdin, an http(s) URL of a tar archive (….tar.gz …), or a git repository URL (https://…, git@…, file://…, …​.git) with #ref:subdir")
    private String contextSpec;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "the Dockerfile (default: CONTEXT/Dockerfile; - reads stdin)")
    private String file;

    @Option(names = "--serial", description = "run stages one at a time (debugging)")
    private boolean serial;

    // docker build's legacy switches, which BuildKit ignores too: accepted so that scripts run unchanged
    @Option(names = {"--rm", "--force-rm", "--compress", "--disable-content-trust"}, arity = "0..1", fallbackValue = "true",
            hidden = true)
    private List<Boolean> legacySwitches;

    @Option(names = "--isolation", paramLabel = "VALUE", hidden = true)
    private String legacyIsolation;

    @Mixin
    private ImageFlags image;
    @Mixin
    private CallFlags calls;
    @Mixin
    private NamedContextFlags namedContexts;
    @Mixin
    private CacheFlags cache;
    @Mixin
    private RunFlags run;
    @Mixin
    private OutputFlags outputs;
    @Mixin
    private StoreOption storeOption;
    @Mixin
    private RegistryOptions registryOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The command line as given, which the build memo is keyed on. */
    private final String[] args;

    BuildCommand(String[] args) {
        this.args = args.clone();
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        ContextLocation location = new ContextLocation(contextSpec);
        if (!location.isRemote() && !Files.isDirectory(Path.of(contextSpec))) {
            throw new CommandLine.ParameterException(cl, "the build context " + contextSpec + " is not a directory");
        }
        if (location.isStdin() && "-".equals(file)) {
            throw new CommandLine.ParameterException(cl, "the context and the Dockerfile cannot both come from stdin");
        }
        CallFlags.Call call = calls.call(cl);
        ProgressMode mode = outputs.progressMode(cl);
        Map<String, String> limit = cache.limitSetting(cl);
        try (BuildInterruption interruption = BuildInterruption.install()) {
            Path scratch = Files.createTempDirectory("jbuild-context");
            try {
                Path context = location.materialize(System.in, scratch);
                switch (call.function()) {
                    case CHECK -> {
                        return CallFlags.check(dockerfile(context), call.json(), cl.getOut());
                    }
                    case OUTLINE -> {
                        return CallFlags.outline(dockerfile(context), image.target(), image.arguments(System.getenv()),
                                call.json(), cl.getOut());
                    }
                    case TARGETS -> {
                        return CallFlags.targets(dockerfile(context), call.json(), cl.getOut());
                    }
                    case BUILD -> {
                        // builds below
                    }
                }
                calls.unsupported().forEach(w -> cl.getErr().println("WARNING: " + w));
                Dockerfile dockerfile = dockerfile(context);
                BuildRequest request = request(cl, dockerfile, context, scratch);
                ImageStore store = storeOption.store();
                Optional<MemoWriter> memo = MemoWriter.start(args, System.getenv(), store.root());
                BuildResult result;
                // Held over the exporters too: an untagged image's blobs are named by nothing a prune could see.
                try (DataDirectoryLock.Held held = DataDirectoryLock.of(store.root()).shared();
                        ProgressDisplay display = mode.open(cl.getErr(), System.getenv(), Clock.systemUTC())) {
                    ProgressListener listener = memo.<ProgressListener>map(m -> event -> {
                        m.recorder().on(event);
                        display.on(event);
                    }).orElse(display);
                    result = new ImageBuilder(store.root(), interruption.reporting(listener), registryOptions::client)
                            .build(request);
                }
                outputs.report(result, mode, cl.getOut(), cl.getErr());
                if (memo.isPresent()) {
                    memo.get().finish(result, dockerfile);
                }
                if (result.stepsRun() > 0) {
                    keepCacheUnderLimit(store, limit, mode == ProgressMode.QUIET || mode == ProgressMode.RAWJSON);
                }
                return ExitStatus.OK;
            } catch (Exception e) {
                if (!interruption.requested()) {
                    throw e;
                }
                cl.getErr().println(BuildInterruption.MESSAGE);
                cl.getErr().flush();
                return ExitStatus.INTERRUPTED;
            } finally {
                TreeDeletion.delete(scratch);
            }
        }
    }

    private BuildRequest request(CommandLine cl, Dockerfile dockerfile, Path context, Path scratch) throws Exception {
        BuildRequest.Builder request = BuildRequest.builder(dockerfile).context(context);
        image.applyTo(request, cl, System.getenv());
        if (serial) {
            request.parallelStages(1);
        }
        if (!"-".equals(file)) {
            request.dockerfilePath(file == null ? context.resolve("Dockerfile") : Path.of(file));
        }
        namedContexts.resolve(cl, scratch).forEach(request::namedContext);
        cache.applyTo(request, cl);
        run.applyTo(request, cl, System.getenv());
        outputs.applyTo(request, cl);
        return request.build();
    }

    private Dockerfile dockerfile(Path context) throws Exception {
        return file == null ? DockerfileParser.parse(context.resolve("Dockerfile"), "Dockerfile")
                : DockerfileSource.read(file, System.in);
    }

    // A fully cached build added nothing, so only a build that ran steps pays for measuring the cache.
    private void keepCacheUnderLimit(ImageStore store, Map<String, String> environment, boolean silent) {
        PrintWriter err = spec.commandLine().getErr();
        new AutomaticPrune(store.root(), environment, w -> err.println("WARNING: " + w)).run().ifPresent(report -> {
            if (!silent) {
                err.println("build cache over its limit (" + CacheLimit.ENVIRONMENT + "): removed the least recently used, "
                        + "reclaimed " + report.reclaimed());
            }
        });
        err.flush();
    }
}
