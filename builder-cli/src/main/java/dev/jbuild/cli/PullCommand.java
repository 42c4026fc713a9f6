package dev.jbuild.cli;

import dev.jbuild.core.image.Platform;
import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.registry.PulledImage;
import dev.jbuild.core.store.HostPlatform;
import dev.jbuild.core.store.ImageStore;
import java.util.concurrent.Callable;
import dev.jbuild.cache.lock.DataDirectoryLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jbuild pull NAME}: fetches an image from its registry into the local store. */
@Command(name = "pull", mixinStandardHelpOptions = true, description = "Fetch an image from its registry into the local store.")
final class PullCommand implements Callable<Integer> {

    @Mixin
    private StoreOption storeOption;

    @Mixin
    private RegistryOptions registryOptions;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "which image of a multi-platform index (default: this machine's)")
    private String platform;

    @Parameters(index = "0", paramLabel = "NAME")
    private String name;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ImageReference reference = StoreOption.reference(spec.commandLine(), name);
        Platform target = platform == null ? HostPlatform.current() : parsePlatform();
        ImageStore store = storeOption.store();
        PulledImage pulled;
        // shared, so a prune cannot take the blobs before the tag names them
        try (DataDirectoryLock.Held held = DataDirectoryLock.of(store.root()).shared()) {
            pulled = registryOptions.client().pull(reference, target, store.blobs());
            store.tag(reference.toString(), pulled.manifest());
        }
        spec.commandLine().getOut().println(reference + " " + pulled.digest());
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
}
