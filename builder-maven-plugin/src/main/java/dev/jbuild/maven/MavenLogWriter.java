package dev.jbuild.maven;

import java.io.Writer;
import org.apache.maven.plugin.logging.Log;

/**
 * Turns the plain progress renderer's text into Maven log lines: a step's {@code ERROR:} line at
 * error level, its {@code WARNING:} lines at warning level, everything else at info level.
 */
final class MavenLogWriter extends Writer {

    private final Log log;
    private final StringBuilder line = new StringBuilder();

    MavenLogWriter(Log log) {
        this.log = log;
    }

    @Override
    public synchronized void write(char[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = buffer[i];
            if (c == '\n') {
                emit();
            } else if (c != '\r') {
                line.append(c);
            }
        }
    }

    @Override
    public void flush() {
        // Only whole lines go to the log: Maven prefixes every call with its level.
    }

    @Override
    public synchronized void close() {
        if (!line.isEmpty()) {
            emit();
        }
    }

    private void emit() {
        String text = line.toString();
        line.setLength(0);
        String message = text.replaceFirst("^#\\d+ ", "");
        if (message.startsWith("ERROR:")) {
            log.error(text);
        } else if (message.startsWith("WARNING:")) {
            log.warn(text);
        } else {
            log.info(text);
        }
    }
}
