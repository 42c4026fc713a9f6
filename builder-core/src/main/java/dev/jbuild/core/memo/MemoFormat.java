package dev.jbuild.core.memo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A memo as text, one fact a line: {@code key …}, {@code input file|tree PATH<TAB>SIGNATURE},
 * {@code record PATH}, {@code image ID}, {@code manifest DIGEST}, {@code tag NAME},
 * {@code step N cached|done NAME}, {@code warning LINE}, after a {@code jbuild-memo 1} header. Backslash, tab and
 * newline in values are escaped. Hand-written so that reading it needs no JSON library.
 */
public final class MemoFormat {

    private static final String HEADER = "jbuild-memo 1";

    private MemoFormat() {
    }

    public static String write(BuildMemo memo) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        line(out, "key", escape(memo.key()));
        for (SignedInput signed : memo.inputs()) {
            MemoInput input = signed.input();
            line(out, "input", (input.tree() ? "tree " : "file ") + escape(input.path().toString()) + "\t"
                    + escape(signed.signature()));
        }
        for (Path record : memo.records()) {
            line(out, "record", escape(record.toString()));
        }
        line(out, "image", escape(memo.imageId()));
        line(out, "manifest", escape(memo.manifest()));
        for (String tag : memo.tags()) {
            line(out, "tag", escape(tag));
        }
        for (MemoStep step : memo.steps()) {
            line(out, "step", step.vertex() + (step.cached() ? " cached " : " done ") + escape(step.name()));
        }
        for (String warning : memo.warnings()) {
            line(out, "warning", escape(warning));
        }
        return out.toString();
    }

    /** The memo {@code text} holds; throws {@link IllegalArgumentException} naming the line that is not one. */
    public static BuildMemo read(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("not a build memo (no '" + HEADER + "' header)");
        }
        String key = null;
        String image = null;
        String manifest = null;
        List<SignedInput> inputs = new ArrayList<>();
        List<Path> records = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        List<MemoStep> steps = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() && i == lines.length - 1) {
                break;
            }
            int space = line.indexOf(' ');
            if (space < 0) {
                throw malformed(i, line);
            }
            String value = line.substring(space + 1);
            switch (line.substring(0, space)) {
                case "key" -> key = unescape(value);
                case "input" -> input(value, i, inputs);
                case "record" -> records.add(Path.of(unescape(value)));
                case "image" -> image = unescape(value);
                case "manifest" -> manifest = unescape(value);
                case "tag" -> tags.add(unescape(value));
                case "step" -> steps.add(step(value, i));
                case "warning" -> warnings.add(unescape(value));
                default -> throw malformed(i, line);
            }
        }
        if (key == null || image == null || manifest == null) {
            throw new IllegalArgumentException("a build memo needs its key, image and manifest lines");
        }
        return new BuildMemo(key, inputs, records, image, manifest, tags, steps, warnings);
    }

    private static void input(String value, int index, List<SignedInput> inputs) {
        int tab = value.indexOf('\t');
        if (tab < 0 || !(value.startsWith("file ") || value.startsWith("tree "))) {
            throw malformed(index, value);
        }
        Path path = Path.of(unescape(value.substring(5, tab)));
        inputs.add(new SignedInput(value.startsWith("tree ") ? MemoInput.tree(path) : MemoInput.file(path),
                unescape(value.substring(tab + 1))));
    }

    private static MemoStep step(String value, int index) {
        String[] parts = value.split(" ", 3);
        if (parts.length != 3 || !(parts[1].equals("cached") || parts[1].equals("done"))) {
            throw malformed(index, value);
        }
        try {
            return new MemoStep(Integer.parseInt(parts[0]), unescape(parts[2]), parts[1].equals("cached"));
        } catch (NumberFormatException e) {
            throw malformed(index, value);
        }
    }

    private static IllegalArgumentException malformed(int index, String line) {
        return new IllegalArgumentException("build memo line " + (index + 1) + " is not a memo line: " + line);
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(name).append(' ').append(value).append('\n');
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            out.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
        }
        return out.toString();
    }
}
