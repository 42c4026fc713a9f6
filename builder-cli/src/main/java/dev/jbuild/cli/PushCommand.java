package dev.jbuild.cli;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.lock.DataDirectoryLock;
import dev.jbuild.core.export.OutgoingImage;
import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.StoredImage;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jbuild push NAME}: sends a stored image to the registry its name points at, with the
 * layers the store keeps as plain tars gzipped.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Send a stored image to the registry its name points at (credentials from ~/.docker/config.json).")
final class PushCommand implements Callable<Integer> {

    @Mixin
    private StoreOption storeOption;

    @Mixin
    private RegistryOptions registryOptions;

    @Parameters(index = "0", paramLabel = "NAME")
    private String name;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        StoredImage image = storeOption.existing(spec.commandLine(), name);
        ImageReference target = StoreOption.reference(spec.commandLine(), name);
        ImageStore store = storeOption.store();
        Digest digest;
        // Shared, as a build holds it: a prune must not take the gzipped layers before they are sent.
        try (DataDirectoryLock.Held held = DataDirectoryLock.of(store.root()).shared()) {
            digest = registryOptions.client().push(target, OutgoingImage.manifest(store, image.manifest()), store.blobs());
        }
        spec.commandLine().getOut().println(target + " " + digest);
        spec.commandLine().getOut().flush();
        return ExitStatus.OK;
    }
}
