package dev.jbuild.core.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Reads an entry's own attributes, a symlink's rather than its target's, the way {@code lstat} does. */
public final class NoFollow {

    private NoFollow() {
    }

    /** The attributes of the entry at {@code path}, or null when there is none. */
    public static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
