package dev.jbuild.core.memo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The signature of a directory tree: a SHA-256 of every entry's relative path and
 * {@link FileSignature}, in name order, from one stat walk. Links are signed, not followed.
 * Ignore files are not applied: a change to an ignored file changes the signature too, which
 * only costs a full build.
 */
public final class TreeSignature {

    private TreeSignature() {
    }

    public static String of(Path root) throws IOException {
        MessageDigest digest = sha256();
        walk(root, "", digest);
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static void walk(Path directory, String prefix, MessageDigest digest) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path entry : stream) {
                entries.add(entry);
            }
        }
        entries.sort(null);
        for (Path entry : entries) {
            String name = prefix + entry.getFileName();
            digest.update((name + "\0" + FileSignature.of(entry) + "\n").getBytes(StandardCharsets.UTF_8));
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                walk(entry, name + "/", digest);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
