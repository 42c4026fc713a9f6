package dev.jbuild.cli;

import dev.jbuild.cache.AtomicFile;
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

/** {@code jbuild save -o FILE [--format=oci|docker] NAME...}: writes stored images to a tar. */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = "Write stored images to a tar: an OCI image layout (oci) or an archive 'docker load' reads (docker).")
final class SaveCommand implements Callable<Integer> {

    enum Format { oci, docker }

    @Mixin
    private StoreOption storeOption;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the tar to write")
    private Path output;

    @Option(names = "--format", defaultValue = "oci", paramLabel = "FORMAT", description = "oci or docker (default: ${DEFAULT-VALUE})")
    private Format format;

    @Parameters(arity = "1..*", paramLabel = "NAME")
    private List<String> names;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<StoredImage> images = names.stream().map(n -> storeOption.existing(spec.commandLine(), n)).toList();
        AtomicFile.write(output, out -> new ImageArchive(storeOption.store()).write(images,
                format == Format.docker ? ArchiveFormat.DOCKER : ArchiveFormat.OCI, out));
        return ExitStatus.OK;
    }
}
