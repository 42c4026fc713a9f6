package dev.jbuild.cli;

import dev.jbuild.cache.digest.Digest;

/** An image id as docker prints it: the first 12 hex digits, or {@code sha256:…} whole with {@code --no-trunc}. */
final class ImageId {

    private ImageId() {
    }

    static String shown(Digest id, boolean noTrunc) {
        return noTrunc ? id.toString() : id.hex().substring(0, 12);
    }
}
