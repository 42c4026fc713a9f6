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

    private FileSignature() {
    }

    /** The signature of {@code path} itself (a link is not followed). */
    public static String of(Path path) throws IOException {
        Map<String, Object> stat;
        try {
            stat = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return ABSENT;
        }
        return stat.get("ino") + ":" + Integer.toOctalString((Integer) stat.get("mode")) + ":" + stat.get("size") + ":"
                + nanos(stat.get("lastModifiedTime")) + ":" + nanos(stat.get("ctime"));
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
