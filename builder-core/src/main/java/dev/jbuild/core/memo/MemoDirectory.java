package dev.jbuild.core.memo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where memos live: {@code memo/} in the data directory, one file per invocation, named by a
 * 128-bit hash of its key (the key itself is inside and compared, so two keys of one name only
 * replace each other's memo). A file is replaced by rename, so a build killed while writing leaves the
 * old memo or none.
 */
public final class MemoDirectory {

    private final Path directory;

    public MemoDirectory(Path dataDirectory) {
        this.directory = dataDirectory.resolve("memo");
    }

    public Path directory() {
        return directory;
    }

    /** The memo of the invocation {@code key}, if one was written; one that cannot be read is none. */
    public Optional<BuildMemo> read(String key) throws IOException {
        String text;
        try {
            text = Files.readString(file(key), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            BuildMemo memo = MemoFormat.read(text);
            return memo.key().equals(key) ? Optional.of(memo) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public void write(BuildMemo memo) throws IOException {
        Files.createDirectories(directory);
        Path target = file(memo.key());
        Path temporary = Files.createTempFile(directory, target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temporary, MemoFormat.write(memo), StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Removes the memo of {@code key}, so that a build whose answer it no longer is cannot be answered by it. */
    public void forget(String key) throws IOException {
        Files.deleteIfExists(file(key));
    }

    private Path file(String key) {
        return directory.resolve(ListingHash.of(key));
    }
}
