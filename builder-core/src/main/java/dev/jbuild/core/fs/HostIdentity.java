package dev.jbuild.core.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Who runs this JVM, as the kernel sees it: the effective uid and gid from
 * {@code /proc/self/status}, read once per JVM. Root is uid 0, never a user name;
 * {@code userName} only finds the user's lines in {@code /etc/subuid}.
 */
public record HostIdentity(long uid, long gid, String userName) {

    private static volatile HostIdentity current;

    public HostIdentity {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid and gid must not be negative: " + uid + ":" + gid);
        }
    }

    /** The identity of this process, read on first use. */
    public static HostIdentity current() {
        HostIdentity known = current;
        if (known == null) {
            Path status = Path.of("/proc/self/status");
            try {
                known = parse(Files.readAllLines(status), System.getProperty("user.name"));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read the current uid and gid from " + status, e);
            }
            current = known;
        }
        return known;
    }

    /** The effective ids from the lines of a {@code /proc/PID/status}: the second of the four numbers on each line. */
    static HostIdentity parse(List<String> status, String userName) throws IOException {
        long uid = -1;
        long gid = -1;
        for (String line : status) {
            if (line.startsWith("Uid:")) {
                uid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
            } else if (line.startsWith("Gid:")) {
                gid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
            }
        }
        if (uid < 0 || gid < 0) {
            throw new IOException("no Uid/Gid lines");
        }
        return new HostIdentity(uid, gid, userName == null ? Long.toString(uid) : userName);
    }

    /** Whether this process has uid 0 in its user namespace (see {@code HostProbe.hostRoot()} for the host's). */
    public boolean root() {
        return uid == 0;
    }
}
