package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.Directive;
import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.Instruction;
import dev.jbuild.grammar.SourceRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The comments right above each instruction, as BuildKit collects them: the comment lines since
 * the previous instruction, with an empty {@code #} starting the collection afresh (blank lines do
 * not) and the parser directives left out. A {@code # check=…} among them adjusts the build checks
 * for that instruction; ARG and FROM take descriptions from them.
 */
final class InstructionComments {

    private final Map<Integer, List<String>> byStartLine = new HashMap<>();

    InstructionComments(Dockerfile dockerfile) {
        Set<Integer> directiveLines = new HashSet<>();
        for (Directive d : dockerfile.directives()) {
            directiveLines.add(d.line());
        }
        int previousEnd = 0;
        for (Instruction instruction : dockerfile.instructions()) {
            int start = instruction.range().startLine();
            List<String> comments = new ArrayList<>();
            for (int line = previousEnd + 1; line < start; line++) {
                String text = dockerfile.line(line).strip();
                if (!text.startsWith("#") || directiveLines.contains(line)) {
                    continue;
                }
                String comment = text.substring(1).strip();
                if (comment.isEmpty()) {
                    comments.clear();
                } else {
                    comments.add(comment);
                }
            }
            byStartLine.put(start, List.copyOf(comments));
            previousEnd = instruction.range().endLine();
        }
    }

    /** The comments above the instruction that starts at this range; empty for any other range. */
    List<String> before(SourceRange range) {
        return byStartLine.getOrDefault(range.startLine(), List.of());
    }
}
