package dev.jbuild.grammar.instruction;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a text is an image reference as Docker normalizes them ({@code alpine},
 * {@code ghcr.io/org/app:1.2@sha256:…}): the grammar of the distribution project, a lower-case
 * repository, at most 255 characters of name, and not a bare 64-digit image ID.
 */
final class ImageReferenceSyntax {

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String HOST = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*"
            + "|\\[(?:[a-fA-F0-9:]+)\\])";
    private static final String DOMAIN_AND_PORT = HOST + "(?::[0-9]+)?";
    private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile("^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern IMAGE_ID = Pattern.compile("^[a-f0-9]{64}$");
    private static final int NAME_MAX = 255;

    private ImageReferenceSyntax() {
    }

    static boolean isValid(String reference) {
        if (reference.isEmpty() || IMAGE_ID.matcher(reference).matches()) {
            return false;
        }
        String normalized = normalize(reference);
        if (normalized == null) {
            return false;
        }
        Matcher m = REFERENCE.matcher(normalized);
        return m.matches() && m.group(1).length() <= NAME_MAX;
    }

    // Docker Hub names get their domain, and one-part names the library/ prefix, as Docker does;
    // null when the repository part is not lower case.
    private static String normalize(String reference) {
        int slash = reference.indexOf('/');
        String domain;
        String remainder;
        if (slash < 0 || isHubPath(reference.substring(0, slash))) {
            domain = "docker.io";
            remainder = reference;
        } else {
            domain = reference.substring(0, slash);
            remainder = reference.substring(slash + 1);
        }
        if (domain.equals("index.docker.io")) {
            domain = "docker.io";
        }
        if (domain.equals("docker.io") && remainder.indexOf('/') < 0) {
            remainder = "library/" + remainder;
        }
        int colon = remainder.indexOf(':');
        String repository = colon < 0 ? remainder : remainder.substring(0, colon);
        if (!repository.equals(repository.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return domain + "/" + remainder;
    }

    private static boolean isHubPath(String first) {
        return first.indexOf('.') < 0 && first.indexOf(':') < 0 && !first.equals("localhost")
                && first.equals(first.toLowerCase(Locale.ROOT));
    }
}
