package dev.jbuild.cli;

import dev.jbuild.core.registry.DockerConfig;
import dev.jbuild.core.registry.RegistryClient;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How jbuild talks to registries: plain HTTP only for loopback or registries named here. */
final class RegistryOptions {

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "talk plain HTTP to this registry (loopback registries always are); repeatable")
    private List<String> insecure = new ArrayList<>();

    RegistryClient client() {
        return client(DockerConfig.loadDefault());
    }

    /** A client that logs in with these logins only, as {@code jbuild login} checks a new one. */
    RegistryClient client(DockerConfig logins) {
        RegistryClient.Builder builder = RegistryClient.builder().dockerConfig(logins);
        insecure.forEach(builder::insecureRegistry);
        return builder.build();
    }
}
