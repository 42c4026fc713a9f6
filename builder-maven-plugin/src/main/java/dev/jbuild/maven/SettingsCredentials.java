package dev.jbuild.maven;

import dev.jbuild.core.registry.Credentials;
import dev.jbuild.core.registry.DockerConfig;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Registry logins from Maven's {@code settings.xml}, as Jib reads them: a {@code <server>} whose
 * {@code <id>} is the registry (e.g. {@code registry.example.com:5000}) gives its username and
 * password, decrypted by Maven's settings decrypter; these win over Docker's config for that registry.
 */
final class SettingsCredentials {

    private final Settings settings;
    private final SettingsDecrypter decrypter;

    SettingsCredentials(Settings settings, SettingsDecrypter decrypter) {
        this.settings = settings;
        this.decrypter = decrypter;
    }

    /**
     * {@code docker} with every settings server named like a registry that has a username and
     * password as a login; such a password Maven cannot decrypt is an {@link IllegalStateException}
     * naming the servers. Servers of Maven repositories ({@code central}, {@code nexus-releases})
     * are left alone, so one that cannot be decrypted fails no image build.
     */
    DockerConfig over(DockerConfig docker) {
        if (settings == null) {
            return docker;
        }
        DockerConfig out = docker;
        List<Server> registries = settings.getServers().stream().filter(s -> namesARegistry(s.getId())).toList();
        for (Server server : decrypted(registries)) {
            if (server.getId() != null && server.getUsername() != null && server.getPassword() != null) {
                out = out.withLogin(server.getId(), Credentials.basic(server.getUsername(), server.getPassword(),
                        "settings.xml <server> " + server.getId()));
            }
        }
        return out;
    }

    // As docker tells a registry from a repository path: a host with a dot or a port, or localhost.
    static boolean namesARegistry(String id) {
        return id != null && (id.contains(".") || id.contains(":") || id.equals("localhost"));
    }

    private List<Server> decrypted(List<Server> servers) {
        if (decrypter == null || servers.isEmpty()) {
            return servers;
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest().setServers(servers));
        List<SettingsProblem> errors = result.getProblems().stream()
                .filter(p -> p.getSeverity() != SettingsProblem.Severity.WARNING).toList();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("cannot decrypt the passwords of settings.xml <servers>: "
                    + errors.stream().map(SettingsProblem::getMessage).collect(Collectors.joining("; ")));
        }
        return result.getServers();
    }
}
