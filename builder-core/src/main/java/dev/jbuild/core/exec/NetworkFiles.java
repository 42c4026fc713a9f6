package dev.jbuild.core.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The {@code /etc/hosts} and {@code /etc/resolv.conf} a step sees, bound read-only over the
 * image's own as BuildKit does: hosts names localhost and the sandbox's hostname; resolv.conf is
 * the host's (every network mode but {@code none} shares the host's network namespace, so even
 * a local resolver such as 127.0.0.53 answers), or public resolvers when the host has none.
 */
record NetworkFiles(String hosts, String resolvConf) {

    private static final String FALLBACK_RESOLVERS = "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";

    static NetworkFiles forStep(String hostname, Path hostResolvConf) throws IOException {
        String hosts = "127.0.0.1\tlocalhost " + hostname + "\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n";
        String resolv;
        try {
            resolv = Files.readString(hostResolvConf);
        } catch (NoSuchFileException e) {
            resolv = "";
        }
        if (resolv.lines().noneMatch(line -> line.trim().startsWith("nameserver"))) {
            resolv = resolv + FALLBACK_RESOLVERS;
        }
        return new NetworkFiles(hosts, resolv);
    }
}
