package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.golang.CsvFields;
import dev.jbuild.grammar.golang.GoStrconv;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code RUN --device=name[,required]}: a CDI device the command needs. A device that is not
 * required is skipped when the builder does not have it.
 */
public record RunDevice(String name, boolean required) {

    public RunDevice {
        Objects.requireNonNull(name, "name");
    }

    /** @throws IllegalArgumentException saying what is wrong with the value */
    static RunDevice parse(String value) {
        String name = "";
        boolean required = false;
        for (String field : CsvFields.split(value)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (eq < 0) {
                if (key.equals("required")) {
                    required = true;
                } else if (name.isEmpty()) {
                    name = field;
                } else {
                    throw new IllegalArgumentException("invalid field '" + field + "' must be a key=value pair");
                }
                continue;
            }
            String v = field.substring(eq + 1);
            switch (key) {
                case "name" -> {
                    if (!name.isEmpty()) {
                        throw new IllegalArgumentException("device name already set to " + name);
                    }
                    name = v;
                }
                case "required" -> required = GoStrconv.parseBool(v).orElseThrow(() ->
                        new IllegalArgumentException("invalid value for required: " + v + " (use true or false)"));
                default -> {
                    if (!name.isEmpty()) {
                        throw new IllegalArgumentException("unexpected key '" + key + "' in '" + field + "'"
                                + Suggestion.didYouMean(key, List.of("name", "required"), true, "")
                                + "; device options are name and required");
                    }
                    name = field;
                }
            }
        }
        return new RunDevice(name, required);
    }
}
