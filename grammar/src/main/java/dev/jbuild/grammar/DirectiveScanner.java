package dev.jbuild.grammar;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the parser directives at the top of a Dockerfile. It runs before the lexer because the
 * {@code escape} directive changes how the lexer splits lines. Scanning stops at the first line
 * that is not a known directive, blank lines and ordinary comments included.
 */
final class DirectiveScanner {

    private static final Pattern DIRECTIVE =
            Pattern.compile("^#[\\t\\n\\f\\r ]*([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(.+?)[\\t\\n\\f\\r ]*$", Pattern.UNIX_LINES);
    private static final Set<String> KNOWN = Set.of("syntax", "escape", "check");

    record Result(List<Directive> directives, char escape) {
    }

    private DirectiveScanner() {
    }

    static Result scan(String file, List<String> lines) throws DockerfileException {
        List<Directive> found = new ArrayList<>();
        char escape = '\\';
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = DIRECTIVE.matcher(line.substring(Whitespace.skipSpace(line, 0)));
            if (!m.matches()) {
                break;
            }
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(name)) {
                break;
            }
            int lineNumber = i + 1;
            int column = line.indexOf(m.group(1)) + 1;
            if (found.stream().anyMatch(d -> d.name().equals(name))) {
                throw new DockerfileException(file, lineNumber, column,
                        "only one " + name + " parser directive can be used", line);
            }
            String value = m.group(2);
            if (name.equals("escape")) {
                if (!value.equals("\\") && !value.equals("`")) {
                    throw new DockerfileException(file, lineNumber, line.lastIndexOf(value) + 1,
                            "invalid escape character '" + value + "': use \\ or `", line);
                }
                escape = value.charAt(0);
            }
            found.add(new Directive(name, value, lineNumber));
        }
        return new Result(found, escape);
    }
}
