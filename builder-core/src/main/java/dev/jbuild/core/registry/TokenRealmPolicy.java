package dev.jbuild.core.registry;

import java.net.URI;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which token realms may receive a registry's login. A registry names its token service in
 * its 401 challenge, so a hostile registry could name any host; the login goes only to a
 * realm on the registry's own host (any port), on a host sharing the registry host's parent
 * domain ({@code registry-1.docker.io} → {@code auth.docker.io}, {@code registry.gitlab.com}
 * → {@code gitlab.com}), or on a host the user trusts explicitly ({@value #ENVIRONMENT}
 * = {@code host[,host]}, or {@link RegistryClient.Builder#trustAuthHost}). Every other realm
 * gets an anonymous token request, which keeps public pulls working.
 *
 * <p>The parent domain must not be a public suffix. Without the Public Suffix List this is
 * decided conservatively: IP addresses never share a parent; the parent must have two labels
 * or more; a two-label parent whose last label is a country code and whose first is three
 * letters or fewer ({@code co.uk}, {@code com.au}, {@code ne.jp}) counts as a suffix; and so do
 * the shared hosting domains in {@link #SHARED_HOSTING}, where neighbours are other tenants.
 * A realm on plain HTTP for a registry on HTTPS is refused outright.
 */
final class TokenRealmPolicy {

    /** The environment variable naming extra hosts trusted with every registry's login. */
    static final String ENVIRONMENT = "JBUILD_AUTH_HOSTS";

    /** Domains whose subdomains belong to different customers (the Public Suffix List's private part, in short). */
    static final Set<String> SHARED_HOSTING = Set.of("azurecr.io", "amazonaws.com", "pkg.dev", "appspot.com",
            "herokuapp.com", "github.io", "gitlab.io", "cloudfront.net", "azurewebsites.net", "ngrok.io",
            "ngrok-free.app", "run.app", "web.app", "firebaseapp.com", "vercel.app", "netlify.app", "onrender.com",
            "fly.dev", "workers.dev", "pages.dev", "digitaloceanspaces.com", "nip.io", "sslip.io", "duckdns.org");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> trustedHosts;

    TokenRealmPolicy(Set<String> trustedHosts) {
        this.trustedHosts = trustedHosts.stream().map(TokenRealmPolicy::normalized).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The hosts named in {@value #ENVIRONMENT} plus {@code extra}. */
    static TokenRealmPolicy fromEnvironment(Set<String> extra) {
        String listed = System.getenv(ENVIRONMENT);
        Set<String> hosts = new HashSet<>(extra);
        if (listed != null) {
            hosts.addAll(Arrays.asList(listed.split(",")));
        }
        return new TokenRealmPolicy(hosts);
    }

    /** Refuses a realm that is not HTTP(S), or that would take the token exchange from HTTPS down to HTTP. */
    void checkScheme(String subject, RegistryEndpoint endpoint, URI realm) {
        String scheme = realm.getScheme() == null ? "" : realm.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw RegistryException.of(subject, "the registry " + endpoint.registry() + " named the token realm "
                    + realm + ", which is not an http(s) URL; refusing it", null);
        }
        if (endpoint.scheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            throw RegistryException.of(subject, "the registry " + endpoint.registry() + " is on https but named the"
                    + " plain-http token realm " + realm + "; refusing to fetch a token over http", null);
        }
    }

    /** True if the registry's login may be sent to this realm. */
    boolean mayReceiveLogin(RegistryEndpoint endpoint, URI realm) {
        String registryHost = normalized(URI.create("//" + endpoint.authority()).getHost());
        String realmHost = normalized(realm.getHost());
        if (realmHost.isEmpty()) {
            return false;
        }
        if (realmHost.equals(registryHost) || trustedHosts.contains(realmHost)) {
            return true;
        }
        if (isAddress(registryHost) || isAddress(realmHost)) {
            return false;
        }
        int dot = registryHost.indexOf('.');
        if (dot < 0) {
            return false;
        }
        String parent = registryHost.substring(dot + 1);
        return !isPublicSuffix(parent) && (realmHost.equals(parent) || realmHost.endsWith("." + parent));
    }

    static boolean isPublicSuffix(String domain) {
        String[] labels = domain.split("\\.");
        if (labels.length < 2 || SHARED_HOSTING.contains(domain)) {
            return true;
        }
        return labels.length == 2 && labels[1].length() == 2 && labels[0].length() <= 3;
    }

    private static boolean isAddress(String host) {
        return host.startsWith("[") || host.contains(":") || IPV4.matcher(host).matches();
    }

    private static String normalized(String host) {
        if (host == null) {
            return "";
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
