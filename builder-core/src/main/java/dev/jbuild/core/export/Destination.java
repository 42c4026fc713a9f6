package dev.jbuild.core.export;

import dev.jbuild.cache.AtomicFile;
import dev.jbuild.core.compress.KeepOpenStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Where a streamed output goes: a file, written beside itself and renamed into place so a
 * failed export leaves no torn file, or standard output ({@code dest=-}), which is flushed and
 * never closed.
 */
sealed interface Destination {

    /** Writes the output through {@code body}. */
    void write(Body body) throws IOException;

    /** What errors and progress call it. */
    String shown();

    /** Writes the bytes of one output. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** {@code dest=} of a streamed output: {@code -} is standard output, refused when it is a terminal. */
    static Destination of(ExportAttributes attributes, ExportTargets targets) {
        String dest = attributes.required("dest", "FILE (or - for standard output)");
        if (!dest.equals("-")) {
            return new File(Path.of(dest));
        }
        if (targets.stdoutIsTerminal()) {
            throw attributes.error("dest=- would write a tar to the terminal; redirect standard output "
                    + "or give dest=FILE");
        }
        return new Stdout(targets.stdout());
    }

    /** A file, replaced whole. */
    record File(Path path) implements Destination {
        @Override
        public void write(Body body) throws IOException {
            AtomicFile.writeOutput(path.toAbsolutePath(), body::writeTo);
        }

        @Override
        public String shown() {
            return path.toString();
        }
    }

    /** The standard output the caller gave. */
    record Stdout(OutputStream out) implements Destination {
        @Override
        public void write(Body body) throws IOException {
            OutputStream kept = new KeepOpenStream(out);
            body.writeTo(kept);
            kept.flush();
        }

        @Override
        public String shown() {
            return "standard output";
        }
    }
}
