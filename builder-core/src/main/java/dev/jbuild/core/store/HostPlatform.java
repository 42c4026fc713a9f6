package dev.jbuild.core.store;

import dev.jbuild.core.image.Platform;
import java.util.Locale;

/** The platform of this machine in OCI terms ({@code linux/amd64}, {@code linux/arm64} …). */
public final class HostPlatform {

    private HostPlatform() {
    }

    public static Platform current() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String oci = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> arch;
        };
        return new Platform(oci, "linux", null, null, null, null, null);
    }
}
