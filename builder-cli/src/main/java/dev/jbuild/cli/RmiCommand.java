package dev.jbuild.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jbuild rmi NAME...}: removes names from the store; blobs stay until pruned. */
@Command(name = "rmi", mixinStandardHelpOptions = true, description = "Remove images (their names) from the local store.")
final class RmiCommand implements Callable<Integer> {

    @Mixin
    private StoreOption storeOption;

    @Parameters(arity = "1..*", paramLabel = "NAME")
    private List<String> names;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        int status = ExitStatus.OK;
        for (String text : names) {
            String name = StoreOption.reference(spec.commandLine(), text).toString();
            if (storeOption.store().untag(name)) {
                spec.commandLine().getOut().println("Untagged: " + name);
            } else {
                spec.commandLine().getErr().println("jbuild: no image " + name);
                status = ExitStatus.FAILED;
            }
        }
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
        return status;
    }
}
