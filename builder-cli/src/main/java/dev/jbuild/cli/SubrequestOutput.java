package dev.jbuild.cli;

import dev.jbuild.grammar.SourceRange;
import dev.jbuild.grammar.instruction.StageOutline;
import dev.jbuild.grammar.instruction.TargetList;
import dev.jbuild.grammar.lint.LintRule;
import dev.jbuild.grammar.lint.LintWarning;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What {@code --call=outline} and {@code --call=targets} print, as buildx prints BuildKit's
 * subrequest results: tables as its tabwriter lays them out, or with {@code format=json} the
 * result document as Go's indented JSON (fields in BuildKit's order, empty ones left out, the
 * Dockerfile as a base64 source).
 */
final class SubrequestOutput {

    private SubrequestOutput() {
    }

    static void outlineText(StageOutline outline, PrintWriter out) {
        if (outline.name().isPresent() || !outline.description().isEmpty()) {
            TabTable table = new TabTable(0, 1);
            table.add("TARGET:\t" + outline.name().orElse("(default)"));
            if (!outline.description().isEmpty()) {
                table.add("DESCRIPTION:\t" + outline.description());
            }
            table.print(out);
            out.println();
        }
        if (!outline.args().isEmpty()) {
            TabTable table = new TabTable(0, 3);
            table.add("BUILD ARG\tVALUE\tDESCRIPTION");
            outline.args().forEach(a -> table.add(a.name() + "\t" + a.value() + "\t" + a.description()));
            table.print(out);
            out.println();
        }
        secretsText("SECRET", outline.secrets(), out);
        secretsText("SSH", outline.ssh(), out);
        out.flush();
    }

    private static void secretsText(String heading, List<StageOutline.Secret> secrets, PrintWriter out) {
        if (secrets.isEmpty()) {
            return;
        }
        TabTable table = new TabTable(0, 3);
        table.add(heading + "\tREQUIRED");
        secrets.forEach(s -> table.add(s.name() + "\t" + (s.required() ? "true" : "")));
        table.print(out);
        out.println();
    }

    static void targetsText(TargetList targets, PrintWriter out) {
        TabTable table = new TabTable(0, 1);
        table.add("TARGET\tDESCRIPTION");
        for (TargetList.Target t : targets.targets()) {
            String name = t.name().orElse("");
            if (t.isDefault()) {
                name = name.isEmpty() ? "(default)" : name + " (default)";
            }
            table.add(name + "\t" + t.description());
        }
        table.print(out);
        out.flush();
    }

    static void outlineJson(StageOutline outline, String source, PrintWriter out) {
        Json json = new Json();
        json.open('{');
        outline.name().ifPresent(n -> json.field("name").string(n));
        if (!outline.description().isEmpty()) {
            json.field("description").string(outline.description());
        }
        if (!outline.args().isEmpty()) {
            json.field("args").open('[');
            for (StageOutline.Arg arg : outline.args()) {
                json.element().open('{');
                json.field("name").string(arg.name());
                if (!arg.description().isEmpty()) {
                    json.field("description").string(arg.description());
                }
                if (!arg.value().isEmpty()) {
                    json.field("value").string(arg.value());
                }
                location(json, arg.range());
                json.close('}');
            }
            json.close(']');
        }
        secretsJson(json, "secrets", outline.secrets());
        secretsJson(json, "ssh", outline.ssh());
        sources(json, source);
        json.close('}');
        out.println(json);
        out.flush();
    }

    private static void secretsJson(Json json, String key, List<StageOutline.Secret> secrets) {
        if (secrets.isEmpty()) {
            return;
        }
        json.field(key).open('[');
        for (StageOutline.Secret secret : secrets) {
            json.element().open('{');
            json.field("name").string(secret.name());
            if (secret.required()) {
                json.field("required").raw("true");
            }
            location(json, secret.range());
            json.close('}');
        }
        json.close(']');
    }

    static void targetsJson(TargetList targets, String source, PrintWriter out) {
        Json json = new Json();
        json.open('{');
        json.field("targets").open('[');
        for (TargetList.Target t : targets.targets()) {
            json.element().open('{');
            t.name().ifPresent(n -> json.field("name").string(n));
            if (t.isDefault()) {
                json.field("default").raw("true");
            }
            if (!t.description().isEmpty()) {
                json.field("description").string(t.description());
            }
            json.field("base").string(t.base());
            t.platform().ifPresent(p -> json.field("platform").string(p));
            location(json, t.range());
            json.close('}');
        }
        json.close(']');
        sources(json, source);
        json.close('}');
        out.println(json);
        out.flush();
    }

    /**
     * BuildKit's lint result: each warning with its rule, the rule's page and the line range, and
     * the Dockerfile as a source. BuildKit's source also carries the LLB definition of the
     * Dockerfile's own source operation; jbuild has no LLB, so it leaves that field out.
     */
    static void checkJson(List<LintWarning> warnings, String fileName, String source, PrintWriter out) {
        Json json = new Json();
        json.open('{');
        if (warnings.isEmpty()) {
            json.field("warnings").raw("null");
        } else {
            json.field("warnings").open('[');
            for (LintWarning warning : warnings) {
                json.element().open('{');
                json.field("ruleName").string(warning.rule());
                LintRule.named(warning.rule()).ifPresent(rule -> {
                    json.field("description").string(rule.description());
                    json.field("url").string(rule.url());
                });
                json.field("detail").string(warning.message());
                location(json, warning.range());
                json.close('}');
            }
            json.close(']');
        }
        json.field("sources").open('[');
        json.element().open('{');
        json.field("filename").string(fileName);
        json.field("data").string(Base64.getEncoder().encodeToString(source.getBytes(StandardCharsets.UTF_8)));
        json.field("language").string("Dockerfile");
        json.close('}');
        json.close(']');
        json.close('}');
        out.println(json);
        out.flush();
    }

    // BuildKit's pb.Location: one range of whole lines, characters 0 and so left out
    private static void location(Json json, SourceRange range) {
        json.field("location").open('{');
        json.field("ranges").open('[');
        json.element().open('{');
        json.field("start").open('{');
        json.field("line").raw(String.valueOf(range.startLine()));
        json.close('}');
        json.field("end").open('{');
        json.field("line").raw(String.valueOf(range.endLine()));
        json.close('}');
        json.close('}');
        json.close(']');
        json.close('}');
    }

    private static void sources(Json json, String source) {
        json.field("sources").open('[');
        json.element().string(Base64.getEncoder().encodeToString(source.getBytes(StandardCharsets.UTF_8)));
        json.close(']');
    }

    /** Go's json.MarshalIndent(v, "", "  "): two-space indents, "key": value, HTML characters escaped. */
    private static final class Json {
        private final StringBuilder text = new StringBuilder();
        private final List<Boolean> empty = new ArrayList<>();

        void open(char bracket) {
            text.append(bracket);
            empty.add(true);
        }

        void close(char bracket) {
            boolean wasEmpty = empty.remove(empty.size() - 1);
            if (!wasEmpty) {
                newline();
            }
            text.append(bracket);
        }

        Json field(String key) {
            element();
            quote(key);
            text.append(": ");
            return this;
        }

        Json element() {
            int last = empty.size() - 1;
            if (!empty.get(last)) {
                text.append(',');
            }
            empty.set(last, false);
            newline();
            return this;
        }

        void string(String value) {
            quote(value);
        }

        void raw(String value) {
            text.append(value);
        }

        private void newline() {
            text.append('\n').append("  ".repeat(empty.size()));
        }

        private void quote(String value) {
            text.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> text.append("\\\"");
                    case '\\' -> text.append("\\\\");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    case '\t' -> text.append("\\t");
                    default -> {
                        if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                            text.append(String.format("\\u%04x", (int) c));
                        } else {
                            text.append(c);
                        }
                    }
                }
            }
            text.append('"');
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
