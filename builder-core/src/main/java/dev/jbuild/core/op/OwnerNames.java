package dev.jbuild.core.op;

import dev.jbuild.core.fs.RootPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns {@code --chown=user:group} into numeric ids through the image's own
 * {@code /etc/passwd} and {@code /etc/group} (never the host's). Without a group, a user name
 * gives its primary group and a numeric uid gives the same number, as BuildKit does.
 */
final class OwnerNames {

    private static final String ROOT = "root";

    private OwnerNames() {
    }

    static long[] resolve(Path root, String spec) {
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? null : spec.substring(colon + 1);
        long uid = id(root, "/etc/passwd", user, 2);
        long gid = group != null ? id(root, "/etc/group", group, 2)
                : user.chars().allMatch(Character::isDigit) ? uid : primaryGroup(root, user);
        return new long[] {uid, gid};
    }

    private static long id(Path root, String file, String name, int field) {
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(name);
        }
        for (String[] entry : entries(root, file)) {
            if (entry.length > field && entry[0].equals(name)) {
                return Long.parseLong(entry[field]);
            }
        }
        // A WORKDIR before any USER runs as root, which needs no entry: FROM scratch has no /etc/passwd.
        if (name.equals(ROOT)) {
            return 0;
        }
        throw new IllegalArgumentException("unable to find " + (file.endsWith("passwd") ? "user " : "group ")
                + name + ": no matching entries in " + file + " of the image");
    }

    private static long primaryGroup(Path root, String user) {
        for (String[] entry : entries(root, "/etc/passwd")) {
            if (entry.length > 3 && entry[0].equals(user)) {
                return Long.parseLong(entry[3]);
            }
        }
        if (user.equals(ROOT)) {
            return 0;
        }
        throw new IllegalArgumentException("unable to find user " + user + ": no matching entries in /etc/passwd of the image");
    }

    private static List<String[]> entries(Path root, String file) {
        Path path = StepCopier.inRoot(root, file, RootPath.Policy.CONTAINER);
        try {
            return Files.readAllLines(path).stream().map(l -> l.split(":", -1)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
