package dev.jbuild.core.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resources a RUN step's process gets: the size of its {@code /dev/shm} tmpfs
 * ({@code --shm-size}, 64 MiB unless set, as in BuildKit) and the resource limits it starts
 * with ({@code --ulimit}; none means the limits of the user running jbuild).
 */
public record RunLimits(long shmBytes, List<Ulimit> ulimits) {

    /** BuildKit's size of /dev/shm. */
    public static final long DEFAULT_SHM_BYTES = 64L << 20;

    public static final RunLimits DEFAULT = new RunLimits(DEFAULT_SHM_BYTES, List.of());

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp]?)i?b?");

    public RunLimits {
        if (shmBytes <= 0) {
            throw new IllegalArgumentException("the size of /dev/shm must be positive: " + shmBytes);
        }
        ulimits = List.copyOf(ulimits);
    }

    /**
     * Parses a size as docker's {@code --shm-size} does: bytes, or a number with a binary unit
     * k, m, g, t or p (any case, an optional {@code b} or {@code ib}): {@code 64m}, {@code 2g}, {@code 1.5GiB}.
     */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (bytes, or a number with k, m, g, t or p)");
        }
        int exponent = m.group(2).isEmpty() ? 0 : 10 * ("kmgtp".indexOf(m.group(2)) + 1);
        double bytes = Double.parseDouble(m.group(1)) * Math.pow(2, exponent);
        if (bytes < 1 || bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is not a size between 1 byte and 8 EiB");
        }
        return (long) bytes;
    }

    public RunLimits withShmBytes(long bytes) {
        return new RunLimits(bytes, ulimits);
    }

    public RunLimits withUlimits(List<Ulimit> newUlimits) {
        return new RunLimits(shmBytes, newUlimits);
    }

    /** The tmpfs option for /dev/shm, in KiB when whole ones as docker writes it. */
    String shmSizeOption() {
        return "size=" + (shmBytes % 1024 == 0 ? (shmBytes / 1024) + "k" : Long.toString(shmBytes));
    }

    /**
     * {@code prlimit --TYPE=SOFT:HARD … --}, which sets the limits on itself and execs what
     * follows (no extra process); empty without limits.
     */
    List<String> prlimitPrefix(HostProbe host, SandboxKind kind) {
        if (ulimits.isEmpty()) {
            return List.of();
        }
        String prlimit = host.tool("prlimit").orElseThrow(() ->
                SandboxException.missingTool(kind, "'prlimit' for --ulimit", "util-linux")).toString();
        List<String> command = new ArrayList<>();
        command.add(prlimit);
        ulimits.forEach(u -> command.add(u.prlimitOption()));
        command.add("--");
        return command;
    }

    /** Keeps a list of limits naming each type once, the last given winning as in docker. */
    public static List<Ulimit> lastOfEachType(List<Ulimit> given) {
        Map<String, Ulimit> byType = new LinkedHashMap<>();
        given.forEach(u -> {
            byType.remove(u.type());
            byType.put(u.type(), u);
        });
        return List.copyOf(byType.values());
    }
}
