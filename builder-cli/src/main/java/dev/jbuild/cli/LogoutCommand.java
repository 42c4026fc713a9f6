package dev.jbuild.cli;

import dev.jbuild.core.registry.LoginStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jbuild logout [REGISTRY]}: removes the login from docker's config.json and its credential helper, as docker does. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = "Remove a registry's login (default: Docker Hub) from docker's config.json and its credential helper.")
final class LogoutCommand implements Callable<Integer> {

    @Mixin
    private ConfigDirOption configDir;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REGISTRY", description = "host[:port] (default: Docker Hub)")
    private String registry;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String server = LoginStore.serverKey(registry);
        PrintWriter out = spec.commandLine().getOut();
        // Docker says this whether or not there was a login to remove.
        out.println("Removing login credentials for " + server);
        out.flush();
        configDir.loginStore().erase(server);
        return ExitStatus.OK;
    }
}
