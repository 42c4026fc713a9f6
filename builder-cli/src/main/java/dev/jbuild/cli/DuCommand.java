package dev.jbuild.cli;

import dev.jbuild.core.fs.TreeSize;
import dev.jbuild.core.prune.CacheEntry;
import dev.jbuild.core.prune.CacheInventory;
import dev.jbuild.core.prune.CacheLimit;
import dev.jbuild.core.prune.StorageSize;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code jbuild du}: how much disk jbuild's data directory takes, by kind, read the same way as
 * {@code jbuild prune} reads it, so "build cache" is exactly what {@code prune --all} would free.
 */
@Command(name = "du", mixinStandardHelpOptions = true,
        description = {"Show the disk space jbuild's data directory takes, by kind: the blobs of tagged images, "
                + "then the build cache (cache records, the layers only they name, blobs nothing names, materialised "
                + "snapshots, cache mounts, cache-miss history), the file checksum memo and what killed builds left.",
            "The build cache total is what 'jbuild prune --all' frees; the limit is the one builds keep it under."})
final class DuCommand implements Callable<Integer> {

    private static final String ROW = "%-40s %10s %8s%n";

    @Mixin
    private StoreOption storeOption;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path root = storeOption.store().root();
        CacheInventory inventory = CacheInventory.of(root);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(ROW, "KIND", "SIZE", "ENTRIES");
        long imageBlobs = inventory.imageBytes();
        out.printf(ROW, "images (their blobs)", size(imageBlobs), "");
        long recordBytes = inventory.records().stream().mapToLong(r -> r.size()).sum();
        row(out, "build cache: records", recordBytes, inventory.records().size());
        row(out, "build cache: layers only records name", inventory.recordedLayerBytes(),
                inventory.records().stream().filter(r -> r.layer().isPresent()).count());
        row(out, "build cache: blobs nothing names", inventory.unreferencedBlobs());
        row(out, "build cache: snapshots", inventory.snapshots().stream().mapToLong(s -> s.size()).sum(),
                inventory.snapshots().size());
        row(out, "build cache: cache mounts", inventory.cacheMounts());
        row(out, "build cache: cache-miss history", inventory.keyHistory());
        row(out, "build cache: downloads (ADD <url>)", inventory.downloads());
        row(out, "build cache: layer conversions (export)", inventory.conversions());
        long checksums = TreeSize.of(root.resolve("checksums"));
        long abandoned = TreeSize.of(root.resolve("snapshots").resolve("sessions"));
        out.printf(ROW, "file checksum memo", size(checksums), "");
        out.printf(ROW, "work of running or killed builds", size(abandoned), "");
        long cache = inventory.buildCacheBytes();
        out.printf(ROW, "build cache total (prune --all frees)", size(cache), "");
        out.printf(ROW, "build cache limit", limit(root), "");
        out.printf(ROW, "total in " + root, size(imageBlobs + cache + checksums + abandoned), "");
        out.flush();
        return ExitStatus.OK;
    }

    private static void row(PrintWriter out, String kind, List<CacheEntry> entries) {
        row(out, kind, entries.stream().mapToLong(CacheEntry::size).sum(), entries.size());
    }

    private static void row(PrintWriter out, String kind, long bytes, long count) {
        out.printf(ROW, kind, size(bytes), count);
    }

    private static String size(long bytes) {
        return new StorageSize(bytes).toString();
    }

    private static String limit(Path root) {
        try {
            Optional<StorageSize> limit = CacheLimit.of(root, System.getenv());
            return limit.map(StorageSize::toString).orElse("off");
        } catch (IllegalArgumentException e) {
            return "invalid " + CacheLimit.ENVIRONMENT;
        }
    }
}
