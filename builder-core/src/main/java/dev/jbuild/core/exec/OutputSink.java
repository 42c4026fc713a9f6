package dev.jbuild.core.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Receives a RUN step's output while it runs, for live progress. Chunks arrive as the
 * process writes them (not split at lines); each call gets its own copy of the bytes. Calls
 * for one channel come from one thread, in order; stdout and stderr come from two threads.
 */
@FunctionalInterface
public interface OutputSink {

    enum Channel { STDOUT, STDERR }

    void accept(Channel channel, byte[] chunk);

    static OutputSink discard() {
        return (channel, chunk) -> { };
    }

    /**
     * An adapter that hands whole lines (UTF-8, without the newline) to {@code lines}; a last
     * line without a newline is never delivered, which is fine for progress display.
     */
    static OutputSink lines(BiConsumer<Channel, String> lines) {
        ByteArrayOutputStream[] pending = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        return (channel, chunk) -> {
            ByteArrayOutputStream line = pending[channel.ordinal()];
            synchronized (line) {
                int start = 0;
                for (int i = 0; i < chunk.length; i++) {
                    if (chunk[i] == '\n') {
                        line.write(chunk, start, i - start);
                        lines.accept(channel, line.toString(StandardCharsets.UTF_8));
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(chunk, start, chunk.length - start);
            }
        };
    }
}
