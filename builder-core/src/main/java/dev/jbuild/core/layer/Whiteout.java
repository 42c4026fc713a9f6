package dev.jbuild.core.layer;

/**
 * The OCI/AUFS whiteout names: {@code .wh.NAME} deletes NAME from the layers below, and
 * {@code .wh..wh..opq} inside a directory hides everything the layers below put there.
 */
final class Whiteout {

    static final String PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";

    private Whiteout() {
    }

    static boolean isWhiteoutName(String name) {
        return name.startsWith(PREFIX);
    }
}
