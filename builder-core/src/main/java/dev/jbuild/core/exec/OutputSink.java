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

    /** The channel has ended: no more chunks come for it. */
    default void end(Channel channel) {
    }

    /**
     * An adapter that hands whole lines (UTF-8, without the newline) to {@code lines}, and at a
     * channel's end the last line when it had no newline, so no output is lost from the log.
     */
    static OutputSink lines(BiConsumer<Channel, String> lines) {
        ByteArrayOutputStream[] pending = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        return new OutputSink() {
            @Override
            public void accept(Channel channel, byte[] chunk) {
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
            }

            @Override
            public void end(Channel channel) {
                ByteArrayOutputStream line = pending[channel.ordinal()];
                synchronized (line) {
                    if (line.size() > 0) {
                        lines.accept(channel, line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    }
                }
            }
        };
    }
}
