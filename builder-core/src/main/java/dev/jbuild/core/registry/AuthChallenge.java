package dev.jbuild.core.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One challenge from a {@code WWW-Authenticate} header: the scheme ({@code basic} or
 * {@code bearer}, lowercased) and its parameters, e.g. Docker Hub's realm, service and
 * scope. Parameter names are lowercased; values keep their case.
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {

    AuthChallenge {
        Objects.requireNonNull(scheme, "scheme");
        scheme = scheme.toLowerCase(Locale.ROOT);
        parameters = Map.copyOf(parameters);
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }

    Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** The challenges in the header values, in order; a registry may offer more than one. */
    static List<AuthChallenge> parse(List<String> headerValues) {
        List<AuthChallenge> challenges = new ArrayList<>();
        for (String value : headerValues) {
            new Scanner(value).readChallenges(challenges);
        }
        return challenges;
    }

    /** RFC 7235 challenge syntax; quoted values may contain commas (Docker Hub's scopes do). */
    private static final class Scanner {
        private final String text;
        private int pos;

        Scanner(String text) {
            this.text = text;
        }

        void readChallenges(List<AuthChallenge> into) {
            while (true) {
                skip(" \t,");
                String scheme = token();
                if (scheme.isEmpty()) {
                    return;
                }
                Map<String, String> parameters = new LinkedHashMap<>();
                while (true) {
                    skip(" \t");
                    int start = pos;
                    String name = token();
                    skip(" \t");
                    if (name.isEmpty() || !peek('=')) {
                        // The next challenge's scheme (or a token68 we have no use for).
                        pos = name.isEmpty() ? pos : start;
                        if (name.isEmpty() && pos < text.length() && !peek(',')) {
                            pos = text.length();
                        }
                        break;
                    }
                    pos++;
                    skip(" \t");
                    String value = peek('"') ? quoted() : token();
                    parameters.put(name.toLowerCase(Locale.ROOT), value);
                    skip(" \t");
                    if (!peek(',')) {
                        break;
                    }
                    pos++;
                }
                into.add(new AuthChallenge(scheme, parameters));
            }
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void skip(String characters) {
            while (pos < text.length() && characters.indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private String token() {
            int start = pos;
            while (pos < text.length() && isTokenChar(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private String quoted() {
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && pos < text.length()) {
                    c = text.charAt(pos++);
                }
                value.append(c);
            }
            return value.toString();
        }

        private static boolean isTokenChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~/:".indexOf(c) >= 0;
        }
    }
}
