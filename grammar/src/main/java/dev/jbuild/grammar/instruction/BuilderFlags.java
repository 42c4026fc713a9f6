package dev.jbuild.grammar.instruction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --name[=value]} flags one instruction accepts, and the values given, read as
 * BuildKit's {@code BFlags} reads them: a boolean flag takes no value or {@code true}/{@code false};
 * a string flag needs {@code =value} and may be given once; a list flag may repeat.
 */
final class BuilderFlags {

    private enum Kind { BOOL, STRING, LIST }

    /** A flag word that is wrong, and why. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        private final String flag;

        Problem(String flag, String message) {
            super(message, null, false, false);
            this.flag = flag;
        }

        /** The flag as written up to any {@code =}, to find it in the line. */
        String flag() {
            return flag;
        }
    }

    private final String instruction;
    private final Map<String, Kind> declared = new LinkedHashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> lists = new HashMap<>();

    /** @param instruction the keyword in upper case, for messages */
    BuilderFlags(String instruction) {
        this.instruction = instruction;
    }

    BuilderFlags bool(String name) {
        declared.put(name, Kind.BOOL);
        return this;
    }

    BuilderFlags string(String name) {
        declared.put(name, Kind.STRING);
        return this;
    }

    BuilderFlags list(String name) {
        declared.put(name, Kind.LIST);
        return this;
    }

    void parse(List<String> words) throws Problem {
        for (String word : words) {
            if (word.equals("--")) {
                return;
            }
            int eq = word.indexOf('=');
            String flag = eq < 0 ? word : word.substring(0, eq);
            if (!flag.startsWith("--")) {
                throw new Problem(flag, "flag " + word + " should start with --");
            }
            String name = flag.substring(2);
            String value = eq < 0 ? null : word.substring(eq + 1);
            Kind kind = declared.get(name);
            if (kind == null) {
                throw new Problem(flag, unknown(flag, name));
            }
            if (kind != Kind.LIST && values.containsKey(name)) {
                throw new Problem(flag, "duplicate flag specified: " + flag + " (give it once)");
            }
            switch (kind) {
                case BOOL -> values.put(name, bool(flag, value));
                case STRING -> values.put(name, required(flag, value));
                case LIST -> lists.computeIfAbsent(name, k -> new ArrayList<>()).add(required(flag, value));
            }
        }
    }

    private String unknown(String flag, String name) {
        if (declared.isEmpty()) {
            return "unknown flag: " + flag + " (" + instruction + " takes no flags)";
        }
        List<String> names = declared.keySet().stream().sorted().toList();
        return "unknown flag: " + flag + Suggestion.didYouMean(name, names, true, "--") + "; "
                + instruction + " accepts " + String.join(", ", names.stream().map(n -> "--" + n).toList());
    }

    private static String bool(String flag, String value) throws Problem {
        if (value == null) {
            return "true";
        }
        if (value.isEmpty()) {
            throw new Problem(flag, "missing a value on flag: " + flag + " (write " + flag + ", "
                    + flag + "=true or " + flag + "=false)");
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> "true";
            case "false" -> "false";
            default -> throw new Problem(flag, "expecting boolean value for flag " + flag + ", not: " + value
                    + " (use true or false)");
        };
    }

    private static String required(String flag, String value) throws Problem {
        if (value == null) {
            throw new Problem(flag, "missing a value on flag: " + flag + " (write " + flag + "=VALUE)");
        }
        return value;
    }

    /** A boolean flag's value; false when not given. */
    boolean isTrue(String name) {
        return "true".equals(values.get(name));
    }

    /** A boolean flag's value when given. */
    Optional<Boolean> boolIfGiven(String name) {
        return Optional.ofNullable(values.get(name)).map(Boolean::parseBoolean);
    }

    /** A string flag's value when given (possibly empty: {@code --chown=}). */
    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A list flag's values in the order given. */
    List<String> values(String name) {
        return List.copyOf(lists.getOrDefault(name, List.of()));
    }
}
