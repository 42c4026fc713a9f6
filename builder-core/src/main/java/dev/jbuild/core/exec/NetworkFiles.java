package dev.jbuild.core.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code /etc/hosts} and {@code /etc/resolv.conf} a step sees, bound read-only over the
 * image's own as BuildKit does: hosts names localhost, the sandbox's hostname and the build's
 * {@code --add-host} entries; resolv.conf is
 * the host's (every network mode but {@code none} shares the host's network namespace, so even
 * a local resolver such as 127.0.0.53 answers), or public resolvers when the host has none.
 */
record NetworkFiles(String hosts, String resolvConf) {

    private static final String FALLBACK_RESOLVERS = "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";

    static NetworkFiles forStep(String hostname, List<ExtraHost> extraHosts, Path hostResolvConf) throws IOException {
        StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost " + hostname + "\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n");
        extraHosts.forEach(extra -> hosts.append(extra.hostsLine()));
        String resolv;
        try {
            resolv = Files.readString(hostResolvConf);
        } catch (NoSuchFileException e) {
            resolv = "";
        }
        if (resolv.lines().noneMatch(line -> line.trim().startsWith("nameserver"))) {
            resolv = resolv + FALLBACK_RESOLVERS;
        }
        return new NetworkFiles(hosts.toString(), resolv);
    }
}
