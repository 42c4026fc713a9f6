package dev.jbuild.grammar.golang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comma-separated fields of a {@code --mount} or {@code --device} value, or of a flag such
 * as {@code --output}, {@code --secret} or {@code --cache-to}, read as Go's {@code encoding/csv}
 * reads one record (as BuildKit and buildx do): a field may be double-quoted (a doubled quote
 * inside is one quote), and a quote anywhere else is an error.
 */
public final class CsvFields {

    private CsvFields() {
    }

    /**
     * {@code key=value,key=value} as an ordered map, a later key replacing an earlier one;
     * a field without {@code =} or with an empty key is an error quoting it.
     */
    public static Map<String, String> attributes(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String field : split(text)) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + field + "' is not key=value");
            }
            out.put(field.substring(0, eq).trim(), field.substring(eq + 1));
        }
        return out;
    }

    public static List<String> split(String text) {
        List<String> fields = new ArrayList<>();
        if (text.isEmpty()) {
            return fields;
        }
        int i = 0;
        while (true) {
            StringBuilder field = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("a quoted field is not closed: " + text);
                    }
                    char c = text.charAt(i++);
                    if (c != '"') {
                        field.append(c);
                        continue;
                    }
                    if (i < text.length() && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                        continue;
                    }
                    break;
                }
                if (i < text.length() && text.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a closing quote: " + text);
                }
            } else {
                int end = text.indexOf(',', i);
                end = end < 0 ? text.length() : end;
                String plain = text.substring(i, end);
                if (plain.indexOf('"') >= 0) {
                    throw new IllegalArgumentException("a quote inside an unquoted field: " + plain
                            + " (quote the whole field: \"key=value\")");
                }
                field.append(plain);
                i = end;
            }
            fields.add(field.toString());
            if (i >= text.length()) {
                return fields;
            }
            i++; // the comma
        }
    }
}
