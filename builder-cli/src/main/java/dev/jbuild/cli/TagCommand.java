package dev.jbuild.cli;

import dev.jbuild.core.store.StoredImage;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jbuild tag SOURCE TARGET}: gives a stored image another name. */
@Command(name = "tag", mixinStandardHelpOptions = true, description = "Give a stored image another name.")
final class TagCommand implements Callable<Integer> {

    @Mixin
    private StoreOption storeOption;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "a stored image")
    private String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "the new name")
    private String target;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        StoredImage image = storeOption.existing(spec.commandLine(), source);
        String name = StoreOption.reference(spec.commandLine(), target).toString();
        storeOption.store().tag(name, image.manifest());
        return ExitStatus.OK;
    }
}
