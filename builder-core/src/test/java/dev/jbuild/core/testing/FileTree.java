package dev.jbuild.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A test's view of a directory tree: every path below the root mapped to a line saying its
 * type, mode, owner, content hash or link target, and (optionally) mtime, so two trees can
 * be compared with one assertEquals and a readable diff.
 */
public final class FileTree {

    private FileTree() {
    }

    public static Map<String, String> describe(Path root, boolean withMtime) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (path.equals(root)) {
                    continue;
                }
                tree.put(root.relativize(path).toString(), describeOne(path, withMtime));
            }
        }
        return tree;
    }

    public static String describeOne(Path path, boolean withMtime) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        StringBuilder line = new StringBuilder();
        if (Files.isSymbolicLink(path)) {
            line.append("symlink -> ").append(Files.readSymbolicLink(path));
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            line.append("dir ").append(Integer.toOctalString(mode & 07777));
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            line.append("file ").append(Integer.toOctalString(mode & 07777)).append(' ').append(sha256(path));
        } else {
            line.append("special ").append(Integer.toOctalString(mode));
        }
        line.append(" owner ").append(a.get("uid")).append(':').append(a.get("gid"));
        if (withMtime && !Files.isSymbolicLink(path)) {
            // Tar keeps whole seconds.
            line.append(" mtime ").append(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis() / 1000);
        }
        return line.toString();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
