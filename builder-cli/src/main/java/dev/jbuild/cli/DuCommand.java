package dev.jbuild.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jbuild du}: how much disk jbuild's data directory takes, by kind. */
@Command(name = "du", mixinStandardHelpOptions = true,
        description = "Show the disk space jbuild's data directory takes: blobs (layers, configs, manifests), "
                + "snapshots, cache records, cache mounts and file checksums.")
final class DuCommand implements Callable<Integer> {

    @Mixin
    private StoreOption storeOption;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path root = storeOption.store().root();
        Map<String, Path> kinds = new LinkedHashMap<>();
        kinds.put("blobs (layers, configs, manifests)", root.resolve("blobs"));
        kinds.put("snapshots", root.resolve("snapshots"));
        kinds.put("cache records", root.resolve("cache"));
        kinds.put("cache mounts", root.resolve("cache-mounts"));
        kinds.put("file checksums", root.resolve("checksums"));
        kinds.put("downloads (ADD of URLs)", root.resolve("downloads"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-36s %12s %10s%n", "KIND", "SIZE", "FILES");
        long totalBytes = 0;
        long totalFiles = 0;
        for (Map.Entry<String, Path> kind : kinds.entrySet()) {
            long[] usage = usage(kind.getValue());
            totalBytes += usage[0];
            totalFiles += usage[1];
            out.printf("%-36s %12s %10d%n", kind.getKey(), ImagesCommand.humanSize(usage[0]), usage[1]);
        }
        out.printf("%-36s %12s %10d%n", "total in " + root, ImagesCommand.humanSize(totalBytes), totalFiles);
        out.flush();
        return ExitStatus.OK;
    }

    // Apparent sizes of regular files; a directory a concurrent build removes is simply skipped.
    private static long[] usage(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new long[] {0, 0};
        }
        long[] usage = {0, 0};
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                try {
                    usage[0] += Files.size(p);
                    usage[1]++;
                } catch (IOException gone) {
                    // removed while walking
                }
            });
        } catch (java.io.UncheckedIOException gone) {
            // a directory removed while walking
        }
        return usage;
    }
}
