package dev.jbuild.core.memo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one stat of a file says about it, as text: inode, mode, size, modification and change
 * times in nanoseconds. Any write to the file, a rename over it or a chmod changes it, without its
 * content being read. A missing file has the signature {@code absent}.
 */
public final class FileSignature {

    public static final String ABSENT = "absent";

    private static final String ATTRIBUTES = "unix:ino,mode,size,lastModifiedTime,ctime";
    private static final int TYPE_BITS = 0170000;
    private static final int DIRECTORY = 0040000;

    private FileSignature() {
    }

    /** The signature of {@code path} itself (a link is not followed). */
    public static String of(Path path) throws IOException {
        return of(path, new StringBuilder(64));
    }

    /** Appends the signature to {@code out} and says whether {@code path} is a directory (not a link to one). */
    static boolean append(Path path, StringBuilder out) throws IOException {
        Map<String, Object> stat;
        try {
            stat = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            out.append(ABSENT);
            return false;
        }
        int mode = (Integer) stat.get("mode");
        // a StringBuilder, not +: the first string concatenation of a JVM spins classes, the fast path's largest cost
        out.append(stat.get("ino")).append(':').append(Integer.toOctalString(mode)).append(':').append(stat.get("size"))
                .append(':').append(nanos(stat.get("lastModifiedTime"))).append(':').append(nanos(stat.get("ctime")));
        return (mode & TYPE_BITS) == DIRECTORY;
    }

    private static String of(Path path, StringBuilder out) throws IOException {
        append(path, out);
        return out.toString();
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
