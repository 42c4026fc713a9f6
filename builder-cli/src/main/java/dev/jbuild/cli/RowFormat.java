package dev.jbuild.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * How a listing command prints its rows, as docker's {@code --format} does: a {@code table}
 * template aligned under a header of column titles, any other template one line per row.
 */
final class RowFormat {

    private final GoTemplate template;
    private final Map<String, String> titles;

    private RowFormat(GoTemplate template, Map<String, String> titles) {
        this.template = template;
        this.titles = titles;
    }

    /**
     * The template the user gave with {@code --format}, or the command's default; a template
     * this renderer cannot run is a usage error naming the flag.
     *
     * @param titles each field's column title, which also says which fields there are
     */
    static RowFormat of(CommandLine commandLine, String format, Map<String, String> titles) {
        try {
            return new RowFormat(GoTemplate.parse(format, titles.keySet()), titles);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--format: " + e.getMessage());
        }
    }

    /** Field names and their column titles, in the order a template error lists them: name, title, name, title … */
    static Map<String, String> titles(String... namesAndTitles) {
        Map<String, String> titles = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTitles.length; i += 2) {
            titles.put(namesAndTitles[i], namesAndTitles[i + 1]);
        }
        return Collections.unmodifiableMap(titles);
    }

    void print(List<Map<String, String>> rows, PrintWriter out) {
        if (!template.isTable()) {
            rows.forEach(row -> out.println(template.render(row)));
            return;
        }
        TabTable table = new TabTable();
        table.add(template.render(titles));
        rows.forEach(row -> table.add(template.render(row)));
        table.print(out);
    }
}
