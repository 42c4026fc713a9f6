package dev.jbuild.grammar;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One instruction as the parser reads it, before any variable is expanded: the keyword as
 * written, the builder flags ({@code --from=build}, quotes removed), and the arguments split by
 * the rule of the instruction. Quotes in arguments are kept, as in BuildKit's parse tree.
 * {@code json} tells the exec (JSON array) form. An ONBUILD instruction holds the instruction it
 * wraps as {@code trigger}.
 */
public record Instruction(
        String keyword,
        List<String> flags,
        List<String> arguments,
        boolean json,
        Instruction trigger,
        List<Heredoc> heredocs,
        String original,
        SourceRange range) {

    public Instruction {
        flags = List.copyOf(flags);
        arguments = List.copyOf(arguments);
        heredocs = List.copyOf(heredocs);
    }

    /** The keyword in lower case, for comparisons. */
    public String name() {
        return keyword.toLowerCase(Locale.ROOT);
    }

    public Optional<Instruction> onbuildTrigger() {
        return Optional.ofNullable(trigger);
    }

    Instruction withHeredocs(List<Heredoc> docs, int endLine) {
        SourceRange r = new SourceRange(range.startLine(), range.startColumn(), endLine);
        if (trigger != null) {
            return new Instruction(keyword, flags, arguments, json, trigger.withHeredocs(docs, endLine),
                    heredocs, original, r);
        }
        return new Instruction(keyword, flags, arguments, json, null, docs, original, r);
    }
}
