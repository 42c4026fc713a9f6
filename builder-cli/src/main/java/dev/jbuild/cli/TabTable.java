package dev.jbuild.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated lines into columns as Go's tabwriter does (by default as for docker's
 * tables: minimum width 10, padding 3, spaces): each cell but a line's last is padded to its
 * column's width.
 */
final class TabTable {

    private final int minWidth;
    private final int padding;
    private final List<String[]> lines = new ArrayList<>();

    TabTable() {
        this(10, 3);
    }

    /** A table with Go tabwriter's {@code minwidth} and {@code padding}. */
    TabTable(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    void add(String line) {
        lines.add(line.split("\t", -1));
    }

    void print(PrintWriter out) {
        List<Integer> widths = new ArrayList<>();
        for (String[] cells : lines) {
            for (int i = 0; i < cells.length - 1; i++) {
                int width = Math.max(minWidth, cells[i].codePointCount(0, cells[i].length()) + padding);
                if (i == widths.size()) {
                    widths.add(width);
                } else {
                    widths.set(i, Math.max(widths.get(i), width));
                }
            }
        }
        for (String[] cells : lines) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                line.append(cells[i]);
                if (i < cells.length - 1) {
                    line.append(" ".repeat(widths.get(i) - cells[i].codePointCount(0, cells[i].length())));
                }
            }
            out.println(line);
        }
    }
}
