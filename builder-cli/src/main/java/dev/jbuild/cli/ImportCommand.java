package dev.jbuild.cli;

import dev.jbuild.core.image.Platform;
import dev.jbuild.core.layer.LayerWriter;
import dev.jbuild.core.store.HostPlatform;
import dev.jbuild.core.store.RootfsImporter;
import dev.jbuild.core.store.StoredImage;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import dev.jbuild.cache.lock.DataDirectoryLock;
import dev.jbuild.core.store.ImageStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jbuild import ROOTFS.tar NAME}: makes a one-layer image from a root filesystem tarball. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Make a one-layer image from a root filesystem tarball (plain, gzip or zstd).",
            "With SOURCE_DATE_EPOCH set, the image's timestamps are that time, so the digest is reproducible."})
final class ImportCommand implements Callable<Integer> {

    @Mixin
    private StoreOption storeOption;

    @Parameters(index = "0", paramLabel = "ROOTFS.tar")
    private Path tarball;

    @Parameters(index = "1", paramLabel = "NAME")
    private String name;

    @CommandLine.Option(names = "--platform", paramLabel = "OS/ARCH", description = "the image's platform (default: this machine's)")
    private String platform;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(tarball)) {
            throw new NoSuchFileException(tarball.toString());
        }
        String full = StoreOption.reference(spec.commandLine(), name).toString();
        Platform target = platform == null ? HostPlatform.current() : parsePlatform();
        ImageStore store = storeOption.store();
        StoredImage image;
        // shared, so a prune cannot take the blobs before the tag names them
        try (DataDirectoryLock.Held held = DataDirectoryLock.of(store.root()).shared()) {
            image = new RootfsImporter(store, LayerWriter.Options.defaults()).importTarball(tarball, full, target, createdTime());
        }
        spec.commandLine().getOut().println(image.name() + " " + image.manifest().digest());
        spec.commandLine().getOut().flush();
        return ExitStatus.OK;
    }

    private Platform parsePlatform() {
        try {
            return Platform.parse(platform);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--platform: " + e.getMessage());
        }
    }

    private Instant createdTime() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch == null || epoch.isBlank()) {
            return Instant.now();
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(epoch.trim()));
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "SOURCE_DATE_EPOCH must be whole seconds since 1970, not '" + epoch + "'");
        }
    }
}
