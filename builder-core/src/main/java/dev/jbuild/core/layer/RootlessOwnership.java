package dev.jbuild.core.layer;

import dev.jbuild.core.fs.ExtendedAttributes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ownership a non-root process could not apply, kept in the {@code user.rootlesscontainers}
 * extended attribute as umoci and rootless runc do: a protobuf message with uid as field 1
 * and gid as field 2 (varints; zero fields omitted). The layer writer reads it back, so a
 * rootless apply-then-snapshot keeps the owners the image declared.
 */
public record RootlessOwnership(long uid, long gid) {

    public static final String XATTR = "user.rootlesscontainers";

    /**
     * Records on a file the owner a process without root could not give it; the layer writer
     * puts that owner in the layer. Symlinks cannot carry user attributes and keep the caller.
     */
    public static void record(Path file, long uid, long gid) throws IOException {
        if (Files.isSymbolicLink(file)) {
            return;
        }
        ExtendedAttributes.set(file, XATTR, new RootlessOwnership(uid, gid).encode());
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(12);
        if (uid != 0) {
            out.write(0x08);
            varint(out, uid);
        }
        if (gid != 0) {
            out.write(0x10);
            varint(out, gid);
        }
        return out.toByteArray();
    }

    /** Decodes the attribute; null if it is not a message this understands. */
    public static RootlessOwnership decode(byte[] bytes) {
        long uid = 0;
        long gid = 0;
        int pos = 0;
        while (pos < bytes.length) {
            int tag = bytes[pos++] & 0xff;
            long value = 0;
            int shift = 0;
            while (true) {
                if (pos >= bytes.length || shift > 63) {
                    return null;
                }
                int b = bytes[pos++] & 0xff;
                value |= (long) (b & 0x7f) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            switch (tag) {
                case 0x08 -> uid = value;
                case 0x10 -> gid = value;
                default -> {
                    return null;
                }
            }
        }
        return new RootlessOwnership(uid, gid);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
