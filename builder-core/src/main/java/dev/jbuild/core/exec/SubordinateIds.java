package dev.jbuild.core.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The first subordinate uid and gid ranges {@code /etc/subuid} and {@code /etc/subgid} grant
 * a user (by name or by uid), which newuidmap and newgidmap let that user map into a user
 * namespace so that a step can own files as users other than root.
 */
public record SubordinateIds(long uidStart, long uidCount, long gidStart, long gidCount) {

    public SubordinateIds {
        if (uidStart < 0 || uidCount <= 0 || gidStart < 0 || gidCount <= 0) {
            throw new IllegalArgumentException("invalid subordinate id ranges");
        }
    }

    static Optional<SubordinateIds> read(Path subuid, Path subgid, String user, long uid) throws IOException {
        long[] uids = firstRange(subuid, user, uid);
        long[] gids = firstRange(subgid, user, uid);
        if (uids == null || gids == null) {
            return Optional.empty();
        }
        return Optional.of(new SubordinateIds(uids[0], uids[1], gids[0], gids[1]));
    }

    private static long[] firstRange(Path file, String user, long uid) throws IOException {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split(":");
                if (parts.length != 3 || !(parts[0].equals(user) || parts[0].equals(Long.toString(uid)))) {
                    continue;
                }
                try {
                    long start = Long.parseLong(parts[1]);
                    long count = Long.parseLong(parts[2]);
                    if (start >= 0 && count > 0) {
                        return new long[] {start, count};
                    }
                } catch (NumberFormatException e) {
                    // a malformed line grants nothing, as in shadow's own parser
                }
            }
            return null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
