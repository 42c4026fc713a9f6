package dev.jbuild.cli;

import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.StoredImage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jbuild images}: lists the images in the local store. */
@Command(name = "images", mixinStandardHelpOptions = true, description = "List the images in jbuild's local store.")
final class ImagesCommand implements Callable<Integer> {

    @Mixin
    private StoreOption storeOption;

    @CommandLine.Option(names = {"-q", "--quiet"}, description = "print only the manifest digests")
    private boolean quiet;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ImageStore store = storeOption.store();
        PrintWriter out = spec.commandLine().getOut();
        if (!quiet) {
            out.printf("%-50s %-20s %-15s%n", "NAME", "IMAGE ID", "SIZE");
        }
        for (StoredImage image : store.images()) {
            if (quiet) {
                out.println(image.manifest().digest());
                continue;
            }
            ImageManifest manifest = ImageJson.read(store.readBlob(image.manifest().digest()), ImageManifest.class);
            long size = manifest.layers().stream().mapToLong(Descriptor::size).sum();
            out.printf("%-50s %-20s %-15s%n", image.name(), manifest.config().digest().hex().substring(0, 12),
                    humanSize(size));
        }
        out.flush();
        return ExitStatus.OK;
    }

    static String humanSize(long bytes) {
        if (bytes < 1000) {
            return bytes + "B";
        }
        if (bytes < 1_000_000) {
            return String.format("%.1fkB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format("%.1fMB", bytes / 1e6);
        }
        return String.format("%.2fGB", bytes / 1e9);
    }
}
