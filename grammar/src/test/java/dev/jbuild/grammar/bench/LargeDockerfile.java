package dev.jbuild.grammar.bench;

/**
 * Generates a large, valid Dockerfile for benchmarks and scale tests: stages of RUN lines with
 * continuations, heredocs, flagged COPYs, ENV pairs, comments and exec-form commands.
 */
public final class LargeDockerfile {

    /** Instructions in one generated block; see {@link #block}. */
    public static final int INSTRUCTIONS_PER_BLOCK = 7;
    /** Physical lines in one generated block. */
    public static final int LINES_PER_BLOCK = 20;

    private LargeDockerfile() {
    }

    /** A Dockerfile of about {@code lines} physical lines (whole blocks, at least one). */
    public static String generate(int lines) {
        int blocks = Math.max(1, lines / LINES_PER_BLOCK);
        StringBuilder out = new StringBuilder(lines * 40);
        for (int b = 0; b < blocks; b++) {
            block(out, b);
        }
        return out.toString();
    }

    private static void block(StringBuilder out, int b) {
        out.append("# block ").append(b).append('\n');
        out.append("FROM busybox:1.36 AS stage").append(b).append('\n');
        out.append("ENV A").append(b).append("=1 B").append(b).append("=\"two words\" C=${A").append(b).append(":-x}\n");
        out.append("RUN set -e \\\n")
                .append("    && mkdir -p /opt/app").append(b).append(" \\\n")
                .append("    # a comment inside the continuation\n")
                .append("    && echo \"value $A").append(b).append("\" > /opt/app").append(b).append("/v \\\n")
                .append("    && ls -la /opt\n");
        out.append("COPY --from=stage0 --chown=1000:1000 --chmod=0644 a").append(b).append(" b c /dst/\n");
        out.append("RUN <<EOF\n")
                .append("#!/bin/sh\n")
                .append("echo heredoc ").append(b).append('\n')
                .append("  indented line with \\ backslash\n")
                .append("EOF\n");
        out.append("\n");
        out.append("CMD [\"/bin/sh\", \"-c\", \"echo ").append(b).append("\"]\n");
        out.append("LABEL block=").append(b).append('\n');
        out.append("# end of block ").append(b).append('\n');
        out.append("# ----\n");
        out.append("\n");
    }
}
