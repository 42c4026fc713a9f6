package dev.jbuild.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated lines into columns as Go's tabwriter does for docker's tables (minimum
 * width 10, padding 3, spaces): each cell but a line's last is padded to its column's width.
 */
final class TabTable {

    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;

    private final List<String[]> lines = new ArrayList<>();

    void add(String line) {
        lines.add(line.split("\t", -1));
    }

    void print(PrintWriter out) {
        List<Integer> widths = new ArrayList<>();
        for (String[] cells : lines) {
            for (int i = 0; i < cells.length - 1; i++) {
                int width = Math.max(MIN_WIDTH, cells[i].codePointCount(0, cells[i].length()) + PADDING);
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
