package dev.jbuild.core.exec;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;

/**
 * One resource limit a RUN step's process starts with ({@code --ulimit TYPE=SOFT[:HARD]}), named
 * as docker names them; {@link #UNLIMITED} stands for RLIM_INFINITY.
 */
public record Ulimit(String type, long soft, long hard) {

    /** RLIM_INFINITY, written {@code -1} or {@code unlimited}. */
    public static final long UNLIMITED = -1;

    /** The types docker's {@code --ulimit} knows, which are prlimit's option names and RLIMIT_ names lower-cased. */
    public static final List<String> TYPES = List.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    // RLIMIT_CPU is 0, RLIMIT_FSIZE 1, and so on (asm-generic/resource.h; "as" is 9)
    private static final List<String> RESOURCES = List.of("cpu", "fsize", "data", "stack", "core", "rss", "nproc",
            "nofile", "memlock", "as", "locks", "sigpending", "msgqueue", "nice", "rtprio", "rttime");

    private static final int CAP_SYS_RESOURCE = 24;

    private static final Map<String, String> PROC_LABELS = Map.ofEntries(Map.entry("core", "Max core file size"),
            Map.entry("cpu", "Max cpu time"), Map.entry("data", "Max data size"), Map.entry("fsize", "Max file size"),
            Map.entry("locks", "Max file locks"), Map.entry("memlock", "Max locked memory"),
            Map.entry("msgqueue", "Max msgqueue size"), Map.entry("nice", "Max nice priority"),
            Map.entry("nofile", "Max open files"), Map.entry("nproc", "Max processes"),
            Map.entry("rss", "Max resident set"), Map.entry("rtprio", "Max realtime priority"),
            Map.entry("rttime", "Max realtime timeout"), Map.entry("sigpending", "Max pending signals"),
            Map.entry("stack", "Max stack size"));

    public Ulimit {
        Objects.requireNonNull(type, "type");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown ulimit type '" + type + "' (one of " + String.join(", ", TYPES) + ")");
        }
        if (soft < UNLIMITED || hard < UNLIMITED) {
            throw new IllegalArgumentException("ulimit values must be 0 or more, or -1 for unlimited");
        }
        if (!within(soft, hard)) {
            throw new IllegalArgumentException("the soft limit " + soft + " of " + type
                    + " must not exceed its hard limit " + hard);
        }
    }

    /** Parses {@code TYPE=SOFT[:HARD]}; without a hard limit it equals the soft one, as in docker. */
    public static Ulimit parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected TYPE=SOFT[:HARD], such as nofile=1024:2048");
        }
        String type = text.substring(0, eq).toLowerCase(Locale.ROOT);
        String values = text.substring(eq + 1);
        int colon = values.indexOf(':');
        long soft = value(colon < 0 ? values : values.substring(0, colon));
        long hard = colon < 0 ? soft : value(values.substring(colon + 1));
        return new Ulimit(type, soft, hard);
    }

    /**
     * This limit, when the user running jbuild may set it: raising a hard limit above its own
     * takes CAP_SYS_RESOURCE (root's, where a container has not dropped it), and the sandboxes
     * run as that user, so a refused limit is said here rather than by a failed step.
     */
    public Ulimit requireSettable() {
        String limits;
        String status;
        try {
            limits = Files.readString(Path.of("/proc/self/limits"));
            status = Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return this; // no /proc to ask: the sandbox reports a refused limit itself
        }
        long own = hardLimit(limits, type);
        if (!within(hard, own) && !mayRaiseLimits(status)) {
            throw new IllegalArgumentException("the hard limit " + prlimitValue(hard) + " of " + type
                    + " is above this user's own (" + prlimitValue(own) + "), which only root with CAP_SYS_RESOURCE can raise");
        }
        return this;
    }

    /** Whether a {@code /proc/PID/status} text has CAP_SYS_RESOURCE (capability 24) among the effective ones. */
    static boolean mayRaiseLimits(String procStatus) {
        for (String line : procStatus.lines().toList()) {
            if (line.startsWith("CapEff:")) {
                return new BigInteger(line.substring("CapEff:".length()).trim(), 16).testBit(CAP_SYS_RESOURCE);
            }
        }
        return false;
    }

    /** The hard limit of {@code type} in a {@code /proc/PID/limits} text; unlimited when the kernel does not list it. */
    static long hardLimit(String procLimits, String type) {
        String label = PROC_LABELS.get(type);
        for (String line : procLimits.lines().toList()) {
            if (line.startsWith(label + " ")) {
                String[] fields = line.substring(label.length()).trim().split("\\s+");
                return value(fields[1]);
            }
        }
        return UNLIMITED;
    }

    /** The name of the limit in an OCI runtime config, {@code RLIMIT_NOFILE}. */
    public String rlimitName() {
        return "RLIMIT_" + type.toUpperCase(Locale.ROOT);
    }

    /** The limit's RLIMIT_ number, the same on every architecture jbuild compiles seccomp filters for. */
    int resource() {
        return RESOURCES.indexOf(type);
    }

    /** The option util-linux {@code prlimit} sets this limit with, {@code --nofile=1024:2048}. */
    String prlimitOption() {
        return "--" + type + "=" + prlimitValue(soft) + ":" + prlimitValue(hard);
    }

    /** As {@code TYPE=SOFT:HARD}, for cache keys. */
    @Override
    public String toString() {
        return type + "=" + soft + ":" + hard;
    }

    /** Whether {@code limit} is at most {@code ceiling}, with -1 as infinity. */
    static boolean within(long limit, long ceiling) {
        return ceiling == UNLIMITED || (limit != UNLIMITED && limit <= ceiling);
    }

    private static String prlimitValue(long value) {
        return value == UNLIMITED ? "unlimited" : Long.toString(value);
    }

    private static long value(String text) {
        if (text.equalsIgnoreCase("unlimited")) {
            return UNLIMITED;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number (or -1, unlimited)");
        }
    }
}
