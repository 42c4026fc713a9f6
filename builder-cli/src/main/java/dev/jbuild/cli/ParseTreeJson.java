package dev.jbuild.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.Heredoc;
import dev.jbuild.grammar.Instruction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of a parse tree for tools ({@code jbuild parse --format=json}). Its shape is
 * documented in the README; fields are only ever added, never renamed.
 */
final class ParseTreeJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ParseTreeJson() {
    }

    static String render(Dockerfile dockerfile) throws JsonProcessingException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", dockerfile.name());
        root.put("escape", String.valueOf(dockerfile.escape()));
        root.put("directives", dockerfile.directives().stream().map(d -> ordered(
                "name", d.name(), "value", d.value(), "line", d.line())).toList());
        root.put("instructions", dockerfile.instructions().stream().map(ParseTreeJson::instruction).toList());
        root.put("warnings", dockerfile.warnings().stream().map(w -> ordered(
                "line", w.line(), "message", w.message())).toList());
        return JSON.writeValueAsString(root) + "\n";
    }

    private static Map<String, Object> instruction(Instruction i) {
        Map<String, Object> out = ordered(
                "keyword", i.keyword(),
                "flags", i.flags(),
                "arguments", i.arguments(),
                "json", i.json(),
                "original", i.original(),
                "startLine", i.range().startLine(),
                "startColumn", i.range().startColumn(),
                "endLine", i.range().endLine());
        if (i.trigger() != null) {
            out.put("trigger", instruction(i.trigger()));
        }
        if (!i.heredocs().isEmpty()) {
            out.put("heredocs", i.heredocs().stream().map(ParseTreeJson::heredoc).toList());
        }
        return out;
    }

    private static Map<String, Object> heredoc(Heredoc h) {
        return ordered("name", h.name(), "content", h.content(), "expand", h.expand(),
                "chomp", h.chomp(), "fileDescriptor", h.fileDescriptor());
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int k = 0; k < keysAndValues.length; k += 2) {
            map.put((String) keysAndValues[k], keysAndValues[k + 1]);
        }
        return map;
    }

}
