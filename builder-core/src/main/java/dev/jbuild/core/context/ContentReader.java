package dev.jbuild.core.context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a file's content for checksumming. Injectable so that a test can count the bytes a
 * checksum reads and show that a warm run reads none.
 */
@FunctionalInterface
public interface ContentReader {

    /** Reads files from disk. */
    ContentReader FILES = Files::newInputStream;

    InputStream open(Path file) throws IOException;
}
