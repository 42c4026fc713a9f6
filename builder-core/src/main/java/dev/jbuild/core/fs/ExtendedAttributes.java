package dev.jbuild.core.fs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Extended attributes of a file in any namespace ({@code security.capability} included),
 * never following a symlink. The JDK's {@code UserDefinedFileAttributeView} reaches only
 * {@code user.*}, but image layers must carry file capabilities, hence these libc calls.
 */
public final class ExtendedAttributes {

    private ExtendedAttributes() {
    }

    /** The names of all attributes of the file, in no particular order. */
    public static List<String> names(Path file) throws NativeFileException {
        String path = file.toString();
        while (true) {
            long size = LibC.INSTANCE.llistxattr(path, null, 0);
            if (size < 0) {
                throw NativeFileException.lastError(path, "llistxattr");
            }
            if (size == 0) {
                return List.of();
            }
            byte[] buffer = new byte[(int) size];
            long read = LibC.INSTANCE.llistxattr(path, buffer, buffer.length);
            if (read < 0) {
                if (Native.getLastError() == LibC.ERANGE) {
                    continue; // an attribute was added since the size query; ask again
                }
                throw NativeFileException.lastError(path, "llistxattr");
            }
            List<String> names = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (buffer[i] == 0) {
                    if (i > start) {
                        names.add(new String(buffer, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            return names;
        }
    }

    /** The value of one attribute, or null if the file does not have it. */
    public static byte[] get(Path file, String name) throws NativeFileException {
        String path = file.toString();
        while (true) {
            long size = LibC.INSTANCE.lgetxattr(path, name, null, 0);
            if (size < 0) {
                if (Native.getLastError() == LibC.ENODATA) {
                    return null;
                }
                throw NativeFileException.lastError(path, "lgetxattr " + name);
            }
            byte[] value = new byte[(int) size];
            if (size == 0) {
                return value;
            }
            long read = LibC.INSTANCE.lgetxattr(path, name, value, value.length);
            if (read < 0) {
                int errno = Native.getLastError();
                if (errno == LibC.ERANGE) {
                    continue;
                }
                if (errno == LibC.ENODATA) {
                    return null;
                }
                throw NativeFileException.lastError(path, "lgetxattr " + name);
            }
            return read == size ? value : Arrays.copyOf(value, (int) read);
        }
    }

    /** All attributes whose names the filter accepts, in a new sorted map. */
    public static Map<String, byte[]> read(Path file, Predicate<String> filter)
            throws NativeFileException {
        Map<String, byte[]> attributes = new TreeMap<>();
        for (String name : names(file)) {
            if (!filter.test(name)) {
                continue;
            }
            byte[] value = get(file, name);
            if (value != null) {
                attributes.put(name, value);
            }
        }
        return attributes;
    }

    /** Sets one attribute, creating or replacing it. */
    public static void set(Path file, String name, byte[] value) throws NativeFileException {
        String path = file.toString();
        if (LibC.INSTANCE.lsetxattr(path, name, value, value.length, 0) != 0) {
            throw NativeFileException.lastError(path, "lsetxattr " + name);
        }
    }

    /** Removes one attribute; a file without it is left as it is. */
    public static void remove(Path file, String name) throws NativeFileException {
        String path = file.toString();
        if (LibC.INSTANCE.lremovexattr(path, name) != 0 && Native.getLastError() != LibC.ENODATA) {
            throw NativeFileException.lastError(path, "lremovexattr " + name);
        }
    }
}
