package dev.jbuild.core.exec;

import dev.jbuild.core.fs.RootPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The user a step runs as, resolved from a {@code USER} value ({@code name}, {@code uid},
 * {@code name:group}, {@code uid:gid} …) through the root filesystem's own {@code /etc/passwd}
 * and {@code /etc/group}, never the host's, with Docker's (runc's) rules: an empty value is
 * root; a name must exist; a uid that has no entry runs with gid 0 and home {@code /}; an
 * explicit group replaces the primary group and brings no supplementary groups; otherwise the
 * supplementary groups are those that list the user's name as a member.
 */
record ContainerUser(long uid, long gid, List<Long> supplementaryGids, String home) {

    private static final long MAX_ID = 4294967294L;

    ContainerUser {
        supplementaryGids = List.copyOf(supplementaryGids);
    }

    boolean root() {
        return uid == 0;
    }

    /** The primary group followed by the supplementary ones, without repeats, as setgroups gets them. */
    List<Long> allGids() {
        List<Long> all = new ArrayList<>();
        all.add(gid);
        supplementaryGids.stream().filter(g -> !all.contains(g)).forEach(all::add);
        return all;
    }

    static ContainerUser resolve(Path root, String spec) throws IOException {
        return resolve(root, RootPath.directory(root), spec);
    }

    /** Resolves in the root {@code lookup} reads (an overlay's merged view) that the sandbox mounts at {@code root}. */
    static ContainerUser resolve(Path root, RootPath.Lookup lookup, String spec) throws IOException {
        int colon = spec.indexOf(':');
        String userArg = colon < 0 ? spec : spec.substring(0, colon);
        String groupArg = colon < 0 ? "" : spec.substring(colon + 1);
        if (userArg.isEmpty()) {
            userArg = "0";
        }
        List<String[]> passwd = read(root, lookup, "/etc/passwd", 7);
        List<String[]> groups = read(root, lookup, "/etc/group", 4);

        long uid;
        long gid = 0;
        String home = "/";
        String matchedName = null;
        String[] entry = find(passwd, userArg, 0, 2);
        if (entry != null) {
            uid = parseId(entry[2], "uid of " + entry[0] + " in /etc/passwd");
            gid = parseId(entry[3], "gid of " + entry[0] + " in /etc/passwd");
            home = entry[5].isEmpty() ? "/" : entry[5];
            matchedName = entry[0];
        } else if (numeric(userArg)) {
            uid = parseId(userArg, "uid");
        } else {
            throw new IllegalArgumentException("unable to find user " + userArg + ": no matching entries in the image's /etc/passwd");
        }

        List<Long> supplementary = new ArrayList<>();
        if (!groupArg.isEmpty()) {
            String[] group = find(groups, groupArg, 0, 2);
            if (group != null) {
                gid = parseId(group[2], "gid of " + group[0] + " in /etc/group");
            } else if (numeric(groupArg)) {
                gid = parseId(groupArg, "gid");
            } else {
                throw new IllegalArgumentException("unable to find group " + groupArg + ": no matching entries in the image's /etc/group");
            }
        } else if (matchedName != null) {
            for (String[] group : groups) {
                for (String member : group[3].split(",")) {
                    if (member.trim().equals(matchedName)) {
                        supplementary.add(parseId(group[2], "gid of " + group[0] + " in /etc/group"));
                        break;
                    }
                }
            }
        }
        return new ContainerUser(uid, gid, supplementary, home);
    }

    /** The entry whose name (field {@code nameField}) equals {@code key}, else whose id (field {@code idField}) does. */
    private static String[] find(List<String[]> entries, String key, int nameField, int idField) {
        for (String[] entry : entries) {
            if (entry[nameField].equals(key)) {
                return entry;
            }
        }
        if (numeric(key)) {
            for (String[] entry : entries) {
                if (numeric(entry[idField]) && Long.parseLong(entry[idField]) == Long.parseLong(key)) {
                    return entry;
                }
            }
        }
        return null;
    }

    private static List<String[]> read(Path root, RootPath.Lookup lookup, String file, int fields) throws IOException {
        RootPath.Resolved path = RootPath.over(root, lookup).resolve(file, RootPath.Policy.CONTAINER);
        if (!path.exists() || !Files.isRegularFile(path.source())) {
            return List.of();
        }
        List<String[]> entries = new ArrayList<>();
        for (String line : Files.readAllLines(path.source(), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(":", -1);
            if (parts.length < fields - 1) {
                continue; // malformed lines are skipped, as libc does
            }
            String[] padded = new String[fields];
            for (int i = 0; i < fields; i++) {
                padded[i] = i < parts.length ? parts[i] : "";
            }
            entries.add(padded);
        }
        return entries;
    }

    private static boolean numeric(String value) {
        return !value.isEmpty() && value.length() <= 10 && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static long parseId(String value, String what) {
        if (!numeric(value) || Long.parseLong(value) > MAX_ID) {
            throw new IllegalArgumentException(what + " is not a valid id: '" + value + "'");
        }
        return Long.parseLong(value);
    }
}
