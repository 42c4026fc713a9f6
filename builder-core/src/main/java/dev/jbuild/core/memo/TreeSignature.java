package dev.jbuild.core.memo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The signature of a directory tree: a {@link ListingHash} of every entry's relative path and
 * {@link FileSignature}, in name order, from one stat walk. Links are signed, not followed.
 * Ignore files are not applied: a change to an ignored file changes the signature too, which
 * only costs a full build.
 */
public final class TreeSignature {

    private TreeSignature() {
    }

    public static String of(Path root) throws IOException {
        ListingHash hash = new ListingHash();
        walk(root, "", hash, new StringBuilder());
        return new StringBuilder("tree:").append(hash.hex()).toString();
    }

    // java.io.File lists a directory without the lambdas of Files.newDirectoryStream, which a
    // JVM without archived lambda classes would spin on the fast path; no string concatenation
    // either, for the same reason.
    private static void walk(Path directory, String prefix, ListingHash hash, StringBuilder line) throws IOException {
        String[] names = directory.toFile().list();
        if (names == null) {
            throw new IOException(new StringBuilder("cannot list ").append(directory).toString());
        }
        Arrays.sort(names);
        for (String name : names) {
            Path entry = directory.resolve(name);
            line.setLength(0);
            String relative = line.append(prefix).append(name).toString();
            line.append('\0');
            boolean isDirectory = FileSignature.append(entry, line);
            hash.add(line.append('\n'));
            if (isDirectory) {
                walk(entry, new StringBuilder(relative).append(File.separatorChar).toString(), hash, line);
            }
        }
    }
}
