package dev.jbuild.core.exec;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The parts of {@code /proc} a step may read but not change, and the ones it must not see: the
 * read-only and masked paths of runc's default spec (Docker's and BuildKit's). Read-only keeps
 * kernel knobs such as {@code /proc/sys/kernel/core_pattern} (a pipe there runs a program as
 * host root) and {@code /proc/sysrq-trigger} out of a step's reach even where a mapping went
 * wrong; masking hides kernel memory, key and timer state. Every sandbox kind applies this
 * list; the unshare sandbox needs to know which masked paths are files (a bound /dev/null) and
 * which directories (an empty read-only tmpfs), read off the host's own /proc, which is the
 * same kernel's.
 */
final class ProcProtection {

    private static final Path HOST_PROC = Path.of("/proc");

    static final List<String> READ_ONLY = List.of("/bus", "/fs", "/irq", "/sys", "/sysrq-trigger");

    static final List<String> MASKED = List.of("/asound", "/acpi", "/interrupts", "/kcore", "/keys", "/latency_stats",
            "/timer_list", "/timer_stats", "/sched_debug", "/scsi");

    // The kernel does not change under a running JVM: which paths it has is read once, not per step.
    private static final List<String> PRESENT_READ_ONLY = READ_ONLY.stream()
            .filter(p -> Files.exists(HOST_PROC.resolve(p.substring(1)), LinkOption.NOFOLLOW_LINKS)).toList();
    private static final List<String> MASKED_FILES = MASKED.stream()
            .filter(p -> Files.isRegularFile(HOST_PROC.resolve(p.substring(1)), LinkOption.NOFOLLOW_LINKS)).toList();
    private static final List<String> MASKED_DIRECTORIES = MASKED.stream()
            .filter(p -> Files.isDirectory(HOST_PROC.resolve(p.substring(1)), LinkOption.NOFOLLOW_LINKS)).toList();

    private ProcProtection() {
    }

    /** Read-only paths below /proc that this kernel has. */
    static List<String> readOnly() {
        return PRESENT_READ_ONLY;
    }

    /** Masked paths below /proc that are files on this kernel. */
    static List<String> maskedFiles() {
        return MASKED_FILES;
    }

    /** Masked paths below /proc that are directories on this kernel. */
    static List<String> maskedDirectories() {
        return MASKED_DIRECTORIES;
    }

    /** The masked paths as absolute container paths, for runtimes that mask by themselves. */
    static List<String> maskedPaths() {
        return MASKED.stream().map(p -> "/proc" + p).toList();
    }

    /** The read-only paths as absolute container paths, for runtimes that apply them by themselves. */
    static List<String> readOnlyPaths() {
        return READ_ONLY.stream().map(p -> "/proc" + p).toList();
    }
}
