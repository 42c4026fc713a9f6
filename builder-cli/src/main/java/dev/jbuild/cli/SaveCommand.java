package dev.jbuild.cli;

import dev.jbuild.cache.AtomicFile;
import dev.jbuild.cache.lock.DataDirectoryLock;
import dev.jbuild.core.export.ArchiveFormat;
import dev.jbuild.core.export.ImageArchive;
import dev.jbuild.core.store.StoredImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jbuild save [-o FILE] [--format=oci|docker] NAME...}: writes stored images to a tar, or
 * to stdout as {@code docker save} does when no file is named (never to a terminal), with the
 * layers the store keeps as plain tars gzipped.
 */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = "Write stored images to a tar: an OCI image layout (oci) or an archive 'docker load' reads (docker);"
                + " to stdout without -o (or with -o -), unless stdout is a terminal.")
final class SaveCommand implements Callable<Integer> {

    enum Format { oci, docker }

    @Mixin
    private StoreOption storeOption;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "the tar to write; - for stdout (the default)")
    private String output;

    @Option(names = "--format", defaultValue = "oci", paramLabel = "FORMAT", description = "oci or docker (default: ${DEFAULT-VALUE})")
    private Format format;

    @Parameters(arity = "1..*", paramLabel = "NAME")
    private List<String> names;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean toStdout = output == null || output.equals("-");
        if (toStdout && Terminal.stdoutIsTerminal()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "refusing to write an image archive to a terminal: give -o FILE or redirect stdout");
        }
        List<StoredImage> images = names.stream().map(n -> storeOption.existing(spec.commandLine(), n)).toList();
        ImageArchive archive = new ImageArchive(storeOption.store());
        ArchiveFormat archiveFormat = format == Format.docker ? ArchiveFormat.DOCKER : ArchiveFormat.OCI;
        // Shared, as a build holds it: a prune must not take the gzipped layers before they are written.
        try (DataDirectoryLock.Held held = DataDirectoryLock.of(storeOption.store().root()).shared()) {
            if (!toStdout) {
                AtomicFile.writeOutput(Path.of(output), out -> archive.write(images, archiveFormat, out));
                return ExitStatus.OK;
            }
            archive.write(images, archiveFormat, System.out);
        }
        return ExitStatus.OK;
    }
}
