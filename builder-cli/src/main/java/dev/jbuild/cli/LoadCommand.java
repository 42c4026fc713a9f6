package dev.jbuild.cli;

import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.store.ArchiveLoader;
import dev.jbuild.core.store.DockerName;
import dev.jbuild.core.store.StoredImage;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jbuild load [-i FILE]}: reads a {@code docker save} archive or an OCI layout tar (plain,
 * gzip or zstd) from the file or stdin into the store and says, as docker does,
 * {@code Loaded image: NAME} for each name.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load images from a docker save archive or an OCI layout tar into jbuild's local store.")
final class LoadCommand implements Callable<Integer> {

    @Mixin
    private StoreOption storeOption;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "the archive to read (default: stdin)")
    private Path input;

    @Option(names = {"-q", "--quiet"}, description = "print nothing")
    private boolean quiet;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ArchiveLoader loader = new ArchiveLoader(storeOption.store(), name -> ImageReference.parse(name).toString());
        ArchiveLoader.Loaded loaded;
        if (input == null) {
            loaded = loader.load(System.in, "stdin");
        } else {
            try (InputStream in = Files.newInputStream(input)) {
                loaded = loader.load(in, input.toString());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!quiet) {
            for (StoredImage image : loaded.images()) {
                out.println("Loaded image: " + DockerName.familiar(image.name()));
            }
        }
        out.flush();
        return ExitStatus.OK;
    }
}
