package dev.jbuild.core.context;

import java.io.ByteArrayOutputStream;

/**
 * The owner of a file that a process without root could not give it, kept in the
 * {@code user.rootlesscontainers} extended attribute as umoci and rootless runc do: a protobuf
 * message with the uid as field 1 and the gid as field 2 (varints, zero fields omitted, so 0:0
 * is the empty message). Readers of a stage's files take the owner from here when present.
 *
 * <p>Same format as the layer package's own (package-private) record, which LayerApplier writes
 * and LayerWriter reads; this public copy lets the context and copy code read and write it too.
 */
public record RootlessOwnership(long uid, long gid) {

    public static final String XATTR = "user.rootlesscontainers";

    public RootlessOwnership {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("negative owner " + uid + ":" + gid);
        }
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

    /** Decodes the attribute value; null if it is not a message this understands. */
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
            if (value < 0) {
                return null;
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
