package dev.jbuild.cli;

import dev.jbuild.cache.lock.DataDirectoryLock;
import dev.jbuild.core.prune.CacheLimit;
import dev.jbuild.core.prune.CachePruner;
import dev.jbuild.core.prune.PrunePolicy;
import dev.jbuild.core.prune.PruneReport;
import dev.jbuild.core.prune.StorageSize;
import dev.jbuild.grammar.golang.GoDuration;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jbuild prune}: frees build cache by least recent use, as {@code docker builder prune} does. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove build cache, least recently used first: cache records and the layers only they name, "
                + "materialised snapshots, RUN --mount=type=cache directories, cache-miss history, blobs nothing names "
                + "and what killed builds left. Images in the local store (jbuild images) keep all their blobs.",
            "Without --all, --keep-storage or --filter it keeps the build cache under the limit builds apply "
                + "automatically: $" + CacheLimit.ENVIRONMENT + ", else 10%% of the file system, at most 20GB.",
            "Waits for running builds to finish, and builds started meanwhile wait for it."})
final class PruneCommand implements Callable<Integer> {

    @Mixin
    private StoreOption storeOption;

    @Option(names = {"-a", "--all"}, description = "remove all build cache (images stay)")
    private boolean all;

    @Option(names = "--keep-storage", paramLabel = "SIZE",
            description = "keep this much of the most recently used build cache, e.g. 512MB or 10GB")
    private String keepStorage;

    @Option(names = "--filter", paramLabel = "until=DURATION",
            description = "remove only entries unused for longer than DURATION, e.g. until=24h or until=90m; repeatable")
    private List<String> filters = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "accepted for docker compatibility; prune never asks")
    private boolean force;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        Path root = storeOption.store().root();
        PrunePolicy policy = policy(cl, root);
        PruneReport report;
        try (DataDirectoryLock.Held held = DataDirectoryLock.of(root).exclusive()) {
            report = new CachePruner(root).prune(policy);
        }
        PrintWriter out = cl.getOut();
        report.warnings().forEach(w -> cl.getErr().println("WARNING: " + w));
        out.printf("Deleted %d cache records, %d blobs, %d snapshots, %d cache mounts, %d history entries%n",
                report.records(), report.blobs(), report.snapshots(), report.cacheMounts(), report.keyHistory());
        out.println("Total reclaimed space: " + report.reclaimed());
        out.flush();
        cl.getErr().flush();
        return ExitStatus.OK;
    }

    private PrunePolicy policy(CommandLine cl, Path root) {
        Optional<Duration> until = Optional.empty();
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            String key = eq < 0 ? filter : filter.substring(0, eq);
            if (!key.equals("until") && !key.equals("unused-for")) {
                throw new CommandLine.ParameterException(cl, "--filter " + filter + ": only until=DURATION is supported");
            }
            try {
                until = Optional.of(GoDuration.parse(filter.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--filter " + filter + ": " + e.getMessage()
                        + " (write a duration such as 24h, 90m or 1h30m)");
            }
            if (until.get().isNegative()) {
                throw new CommandLine.ParameterException(cl, "--filter " + filter + ": the duration cannot be negative");
            }
        }
        Optional<StorageSize> keep = Optional.empty();
        if (keepStorage != null) {
            try {
                keep = Optional.of(StorageSize.parse(keepStorage));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--keep-storage: " + e.getMessage());
            }
        }
        if (all || keep.isPresent() || until.isPresent()) {
            return new PrunePolicy(until, keep);
        }
        try {
            return CacheLimit.of(root, System.getenv()).map(PrunePolicy::keep)
                    .orElseThrow(() -> new CommandLine.ParameterException(cl, CacheLimit.ENVIRONMENT
                            + " is off, so prune without --all, --keep-storage or --filter has no limit to keep under"));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }
}
