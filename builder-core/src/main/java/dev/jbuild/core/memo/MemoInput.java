package dev.jbuild.core.memo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** Something a build read, signed by stat: one file ({@code tree} false) or a whole directory tree. */
public record MemoInput(Path path, boolean tree) {

    public MemoInput {
        Objects.requireNonNull(path, "path");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("a memo input is an absolute path, not " + path);
        }
    }

    public static MemoInput file(Path path) {
        return new MemoInput(path, false);
    }

    public static MemoInput tree(Path path) {
        return new MemoInput(path, true);
    }

    /** Its signature now. */
    public String sign() throws IOException {
        return tree ? TreeSignature.of(path) : FileSignature.of(path);
    }
}
