package dev.jbuild.core.source.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxies {@code HTTP_PROXY}, {@code HTTPS_PROXY} and {@code NO_PROXY} (or their lower-case
 * forms) ask for, as curl and Go's HTTP client read them; the JDK itself reads only system
 * properties. Loopback hosts are never proxied (as in Go), so a registry or file server on
 * 127.0.0.1 stays reachable behind a corporate proxy.
 */
final class EnvironmentProxies extends ProxySelector {

    private final Optional<InetSocketAddress> http;
    private final Optional<InetSocketAddress> https;
    private final List<String> noProxy;

    EnvironmentProxies(Map<String, String> environment) {
        this.http = address("HTTP_PROXY", variable(environment, "HTTP_PROXY"));
        this.https = address("HTTPS_PROXY", variable(environment, "HTTPS_PROXY"));
        List<String> hosts = new ArrayList<>();
        for (String entry : variable(environment, "NO_PROXY").split(",")) {
            String host = entry.strip().toLowerCase(Locale.ROOT);
            if (!host.isEmpty()) {
                hosts.add(host.startsWith("*.") ? host.substring(1) : host);
            }
        }
        this.noProxy = List.copyOf(hosts);
    }

    static EnvironmentProxies fromEnvironment() {
        return new EnvironmentProxies(System.getenv());
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        Optional<InetSocketAddress> proxy = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        if (proxy.isEmpty() || bypassed(host)) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(new Proxy(Proxy.Type.HTTP, proxy.get()));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // the request fails with its own error, which names the URL; nothing to remember
    }

    private boolean bypassed(String host) {
        if (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1")) {
            return true;
        }
        for (String entry : noProxy) {
            if (entry.equals("*") || host.equals(entry) || host.equals(entry.replaceFirst("^\\.", ""))
                    || (entry.startsWith(".") ? host.endsWith(entry) : host.endsWith("." + entry))) {
                return true;
            }
        }
        return false;
    }

    private static String variable(Map<String, String> environment, String name) {
        String upper = environment.get(name);
        if (upper != null && !upper.isBlank()) {
            return upper;
        }
        String lower = environment.get(name.toLowerCase(Locale.ROOT));
        return lower == null ? "" : lower;
    }

    private static Optional<InetSocketAddress> address(String name, String value) {
        if (value.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(value.contains("://") ? value.strip() : "http://" + value.strip());
        } catch (URISyntaxException e) {
            throw new RemoteSourceException(name + "=" + value + " is not a proxy URL: " + e.getMessage(), e);
        }
        if (uri.getHost() == null) {
            throw new RemoteSourceException(name + "=" + value + " is not a proxy URL (write http://HOST:PORT)");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return Optional.of(InetSocketAddress.createUnresolved(uri.getHost(), port));
    }
}
