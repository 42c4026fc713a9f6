package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.platform.Architecture;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A platform as {@code --platform} names it, {@code os[/arch[/variant]]} such as
 * {@code linux/arm64/v8}, read as containerd's {@code platforms.Parse} reads it: components of
 * letters, digits, {@code _ . -}; one component alone must be a known OS or architecture.
 */
record PlatformSpecifier(String os, String architecture, String variant) {

    private static final Pattern COMPONENT = Pattern.compile("^[A-Za-z0-9_.-]+$");
    private static final Pattern OS_COMPONENT = Pattern.compile("^[A-Za-z0-9_-]+(?:\\([A-Za-z0-9_.-]*\\))?$");
    private static final Set<String> KNOWN_OS = Set.of("aix", "android", "darwin", "dragonfly", "freebsd",
            "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris",
            "wasip1", "windows", "zos");
    private static final Set<String> KNOWN_ARCH = Set.of("386", "amd64", "amd64p32", "arm", "armbe", "arm64",
            "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
            "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm");

    /** @throws IllegalArgumentException saying why the text names no platform */
    static PlatformSpecifier parse(String specifier) {
        if (specifier.contains("*")) {
            throw new IllegalArgumentException("\"" + specifier + "\": wildcards are not supported in platforms");
        }
        String[] parts = specifier.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            Pattern rule = i == 0 ? OS_COMPONENT : COMPONENT;
            if (!rule.matcher(parts[i]).matches()) {
                throw new IllegalArgumentException("\"" + parts[i] + "\" is an invalid component of \"" + specifier
                        + "\": platform specifier component must match \"^[A-Za-z0-9_.-]+$\"");
            }
        }
        String first = parts[0].replaceAll("\\(.*\\)$", "");
        switch (parts.length) {
            case 1 -> {
                String os = normalizeOs(first);
                if (KNOWN_OS.contains(os)) {
                    return new PlatformSpecifier(os, hostArchitecture(), "");
                }
                String arch = normalizeArch(first);
                if (KNOWN_ARCH.contains(arch)) {
                    return new PlatformSpecifier("linux", arch, "");
                }
                throw new IllegalArgumentException("\"" + specifier
                        + "\": unknown operating system or architecture (use os/arch such as linux/amd64)");
            }
            case 2 -> {
                return new PlatformSpecifier(normalizeOs(first), normalizeArch(parts[1]), "");
            }
            case 3 -> {
                return new PlatformSpecifier(normalizeOs(first), normalizeArch(parts[1]), parts[2].toLowerCase(Locale.ROOT));
            }
            default -> throw new IllegalArgumentException("\"" + specifier
                    + "\": cannot parse platform specifier (use os/arch[/variant] such as linux/arm64/v8)");
        }
    }

    private static String normalizeOs(String os) {
        String lower = os.toLowerCase(Locale.ROOT);
        return lower.equals("macos") ? "darwin" : lower;
    }

    private static String normalizeArch(String arch) {
        return Architecture.normalize(arch);
    }

    /** The architecture of this machine, as a one-part OS specifier implies it. */
    static String hostArchitecture() {
        return Architecture.host();
    }
}
