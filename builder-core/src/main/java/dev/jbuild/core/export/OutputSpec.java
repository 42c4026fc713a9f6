package dev.jbuild.core.export;

import dev.jbuild.grammar.golang.CsvFields;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code -o/--output} value as buildx reads it: comma-separated {@code key=value} fields
 * (a field may be double-quoted, so {@code "name=a,b"} keeps its comma), whose {@code type} picks
 * the exporter and whose other fields are its attributes. A value without {@code type} is a
 * destination alone: {@code -} is a tar of the files on standard output, anything else a
 * directory ({@code type=local}). {@code flag} is what errors call the option, e.g.
 * {@code --output} or the Maven plugin's element.
 */
public record OutputSpec(String flag, String text, String type, Map<String, String> attributes) {

    public OutputSpec {
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(type, "type");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** Whether this output writes to standard output ({@code dest=-}). */
    public boolean toStdout() {
        return "-".equals(attributes.get("dest"));
    }

    /** Parses a {@code --output} value. */
    public static OutputSpec parse(String text) {
        return parse("--output", text);
    }

    /** Parses a value of the option {@code flag}, which errors name. */
    public static OutputSpec parse(String flag, String text) {
        if (text.isBlank()) {
            throw new ExportOptionException(flag + " is empty: give type=TYPE[,KEY=VALUE...] or a directory");
        }
        if (!text.contains("=") && !text.contains(",")) {
            return text.equals("-") ? new OutputSpec(flag, text, "tar", Map.of("dest", "-"))
                    : new OutputSpec(flag, text, "local", Map.of("dest", text));
        }
        Map<String, String> fields;
        try {
            fields = new LinkedHashMap<>(CsvFields.attributes(text));
        } catch (IllegalArgumentException e) {
            throw new ExportOptionException(flag + " " + text + ": " + e.getMessage());
        }
        String type = fields.remove("type");
        if (type == null) {
            throw new ExportOptionException(flag + " " + text + ": type=TYPE is missing (one of "
                    + String.join(", ", Exporters.TYPES) + ")");
        }
        return new OutputSpec(flag, text, type, fields);
    }

    /** The start of every error about this output: the flag and the value as given. */
    String where() {
        return flag + " " + text;
    }
}
