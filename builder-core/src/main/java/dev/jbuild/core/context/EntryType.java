package dev.jbuild.core.context;

/** The kind of a file in a source tree. */
public enum EntryType {
    FILE,
    DIRECTORY,
    SYMLINK,
    FIFO,
    CHAR_DEVICE,
    BLOCK_DEVICE,
    SOCKET
}
