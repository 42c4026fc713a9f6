package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.Instruction;
import dev.jbuild.grammar.SourceRange;

/**
 * The lines of a Dockerfile, to point errors at the word they are about: an error names the file,
 * the line and the 1-based column of the offending flag or word when it can be found in the
 * instruction's lines, else of the instruction's keyword.
 */
final class SourceText {

    private final Dockerfile dockerfile;

    SourceText(Dockerfile dockerfile) {
        this.dockerfile = dockerfile;
    }

    /** An error at the instruction's keyword. */
    DockerfileException error(Instruction at, String reason) {
        return error(at.range(), reason);
    }

    DockerfileException error(SourceRange at, String reason) {
        return new DockerfileException(dockerfile.name(), at.startLine(), at.startColumn(), reason,
                dockerfile.line(at.startLine()));
    }

    /** An error at the first occurrence of {@code needle} after the keyword, else at the keyword. */
    DockerfileException error(Instruction at, String needle, String reason) {
        return error(find(at, needle, false), reason);
    }

    /** An error at the last occurrence of {@code needle} in the instruction, else at the keyword. */
    DockerfileException errorAtLast(Instruction at, String needle, String reason) {
        return error(find(at, needle, true), reason);
    }

    /** A problem with the file as a whole. */
    DockerfileException fileError(String reason) {
        return new DockerfileException(dockerfile.name(), 0, 0, reason, "");
    }

    private SourceRange find(Instruction at, String needle, boolean last) {
        SourceRange range = at.range();
        if (needle.isEmpty()) {
            return range;
        }
        SourceRange found = null;
        for (int line = range.startLine(); line <= range.endLine(); line++) {
            String text = dockerfile.line(line);
            int from = line == range.startLine()
                    ? Math.min(text.length(), range.startColumn() - 1 + at.keyword().length())
                    : 0;
            int index = last ? text.lastIndexOf(needle) : text.indexOf(needle, from);
            if (index >= from) {
                found = new SourceRange(line, index + 1, line);
                if (!last) {
                    return found;
                }
            }
        }
        return found != null ? found : range;
    }
}
