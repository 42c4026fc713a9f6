package dev.jbuild.cli;

import dev.jbuild.core.registry.LoginStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Docker's {@code --config DIR}: where the client config with the logins lives, instead of $DOCKER_CONFIG or ~/.docker. */
final class ConfigDirOption {

    @Option(names = "--config", paramLabel = "DIR",
            description = "the directory of docker's config.json (default: $DOCKER_CONFIG, else ~/.docker)")
    private Path directory;

    LoginStore loginStore() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        if (directory != null) {
            environment.put("DOCKER_CONFIG", directory.toString());
        }
        return LoginStore.fromEnvironment(environment);
    }
}
