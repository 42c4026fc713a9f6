package dev.jbuild.core.registry;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a registry's API answers: scheme and authority. HTTPS always, except for registries
 * on the loopback interface (nothing leaves the machine, and test registries have no
 * certificate) and registries the user explicitly named insecure.
 */
record RegistryEndpoint(String registry, String scheme, String authority) {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    static RegistryEndpoint of(String registry, Set<String> insecureRegistries) {
        String authority = registry.equals(ImageReference.DOCKER_HUB) ? ImageReference.DOCKER_HUB_API_HOST : registry;
        boolean plain = isLoopback(registry) || insecureRegistries.contains(registry)
                || insecureRegistries.contains(authority);
        return new RegistryEndpoint(registry, plain ? "http" : "https", authority);
    }

    /** Loopback by its literal name only: resolving DNS here would let a name decide to drop TLS. */
    static boolean isLoopback(String registry) {
        String host = registry.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(1, end);
        } else {
            int colon = host.lastIndexOf(':');
            host = colon < 0 ? host : host.substring(0, colon);
        }
        return host.equals("localhost") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")
                || IPV4_LOOPBACK.matcher(host).matches();
    }

    /** A URI on this registry for an API path such as {@code /v2/library/alpine/manifests/latest}. */
    URI uri(String pathAndQuery) {
        return URI.create(scheme + "://" + authority + pathAndQuery);
    }

    /** True if the URI goes to this registry itself, so its credentials may go with it. */
    boolean owns(URI uri) {
        return scheme.equalsIgnoreCase(uri.getScheme()) && authority.equalsIgnoreCase(uri.getRawAuthority());
    }
}
