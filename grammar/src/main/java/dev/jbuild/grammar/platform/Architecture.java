package dev.jbuild.grammar.platform;

import java.util.Locale;

/**
 * The architecture table: OCI names for the aliases containerd's {@code platforms.Normalize}
 * accepts ({@code x86_64} is {@code amd64}, {@code aarch64} is {@code arm64}, {@code armhf} is
 * {@code arm}, {@code i386} is {@code 386}), and for the names the JVM reports in
 * {@code os.arch}. Any other name is kept, lower-cased.
 */
public final class Architecture {

    private Architecture() {
    }

    /** The OCI name of an architecture as a platform string or an image config names it. */
    public static String normalize(String architecture) {
        String lower = architecture.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "i386" -> "386";
            case "x86_64", "x86-64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "armhf", "armel" -> "arm";
            default -> lower;
        };
    }

    /** The OCI name of this machine's architecture, from the JVM's {@code os.arch}. */
    public static String host() {
        return ofJvm(System.getProperty("os.arch", "amd64"));
    }

    /** The OCI name of a JVM {@code os.arch} value, which says {@code x86} or {@code i686} for 32-bit x86. */
    static String ofJvm(String osArch) {
        String lower = osArch.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "x86", "i486", "i586", "i686" -> "386";
            default -> normalize(lower);
        };
    }
}
