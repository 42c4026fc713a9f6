package dev.jbuild.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The proxy settings among the build args ({@code HTTP_PROXY}, {@code HTTPS_PROXY},
 * {@code FTP_PROXY}, {@code NO_PROXY}, {@code ALL_PROXY}, in any case), as BuildKit hands them
 * to every RUN step whether or not an ARG declares them: each in upper and lower case, after the
 * step's own variables, and in neither the image, the history nor the step's cache key.
 */
final class ProxyVariables {

    private static final List<String> NAMES = List.of("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY");

    private ProxyVariables() {
    }

    /** The {@code NAME=value} pairs a RUN step gets, in BuildKit's order; a later build arg of a name wins. */
    static List<String> from(Map<String, String> buildArgs) {
        Map<String, String> chosen = new TreeMap<>();
        for (String key : new TreeMap<>(buildArgs).keySet()) {
            String upper = key.toUpperCase(Locale.ROOT);
            if (NAMES.contains(upper)) {
                chosen.put(upper, buildArgs.get(key));
            }
        }
        List<String> out = new ArrayList<>();
        for (String name : NAMES) {
            String value = chosen.get(name);
            if (value != null && !value.isEmpty()) {
                out.add(name + "=" + value);
                out.add(name.toLowerCase(Locale.ROOT) + "=" + value);
            }
        }
        return out;
    }
}
