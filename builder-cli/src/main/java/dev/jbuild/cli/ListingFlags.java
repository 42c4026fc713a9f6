package dev.jbuild.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The flags docker's listing commands share: {@code -q}, {@code --no-trunc} and {@code --format}. */
final class ListingFlags {

    @Option(names = {"-q", "--quiet"}, description = "print only image ids")
    private boolean quiet;

    @Option(names = "--no-trunc", description = "print whole ids and texts")
    private boolean noTrunc;

    @Option(names = "--format", paramLabel = "TEMPLATE",
            description = "a Go template as docker's: 'table {{.ID}}\\t{{.Size}}', '{{.ID}}', '{{json .}}'")
    private String format;

    boolean noTrunc() {
        return noTrunc;
    }

    /** As docker: {@code -q} wins over {@code --format}, which replaces the command's own table. */
    RowFormat rowFormat(CommandLine commandLine, String defaultTable, Map<String, String> titles) {
        String template = quiet ? "{{.ID}}" : format != null && !format.isEmpty() ? format : defaultTable;
        return RowFormat.of(commandLine, template, titles);
    }
}
