package dev.jbuild.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The part of Go's text/template that docker's {@code --format} is used with: literal text,
 * {@code {{.Field}}} and {@code {{json .}}}, with a {@code table } prefix for aligned columns
 * under a header and docker's {@code \t}/{@code \n} escapes. Anything else is refused when
 * parsed, naming the fields the command offers, rather than printed wrong.
 */
final class GoTemplate {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One piece of a template: literal text, a field, or the whole row as JSON. */
    private record Part(String literal, String field, boolean json) {
    }

    private final List<Part> parts;
    private final boolean table;

    private GoTemplate(List<Part> parts, boolean table) {
        this.parts = List.copyOf(parts);
        this.table = table;
    }

    /**
     * Parses {@code text} for rows offering {@code fields}.
     *
     * @throws IllegalArgumentException naming the bad action and the fields there are
     */
    static GoTemplate parse(String text, Set<String> fields) {
        boolean table = text.startsWith("table");
        String body = table ? text.substring("table".length()).strip() : text;
        body = body.replace("\\t", "\t").replace("\\n", "\n");
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < body.length()) {
            int open = body.indexOf("{{", at);
            if (open < 0) {
                parts.add(new Part(body.substring(at), null, false));
                break;
            }
            if (open > at) {
                parts.add(new Part(body.substring(at, open), null, false));
            }
            int close = body.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed action at column " + (open + 1) + " of \"" + text + "\"");
            }
            parts.add(action(body.substring(open + 2, close), fields));
            at = close + 2;
        }
        return new GoTemplate(parts, table);
    }

    private static Part action(String inside, Set<String> fields) {
        String action = inside.strip();
        if (action.replaceAll("\\s+", " ").equals("json .")) {
            return new Part(null, null, true);
        }
        if (action.startsWith(".") && fields.contains(action.substring(1))) {
            return new Part(null, action.substring(1), false);
        }
        throw new IllegalArgumentException("unsupported template action {{" + inside + "}}: use {{json .}} or one of "
                + fields.stream().map(f -> "{{." + f + "}}").toList());
    }

    /** Whether the template asked for aligned columns under a header ({@code table …}). */
    boolean isTable() {
        return table;
    }

    /** The template filled from one row; a table's header is a row of column titles. */
    String render(Map<String, String> row) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.literal() != null) {
                out.append(part.literal());
            } else if (part.json()) {
                out.append(json(row));
            } else {
                out.append(row.get(part.field()));
            }
        }
        return out.toString();
    }

    private static String json(Map<String, String> row) {
        try {
            // Go marshals a map with its keys sorted.
            return JSON.writeValueAsString(new TreeMap<>(row));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a row of strings as JSON", e);
        }
    }
}
