package dev.jbuild.core.exec;

import java.util.Arrays;
import java.util.Locale;

/**
 * The sandbox implementations, by the name the {@code --sandbox} flag uses, with the Debian
 * package that provides each one's tool so an error can say how to get it.
 */
public enum SandboxKind {
    OCI("oci", "runc", "an OCI runtime (runc or crun)", "runc"),
    BWRAP("bwrap", "bwrap", "bubblewrap", "bubblewrap"),
    UNSHARE("unshare", "perl", "perl, which runs its setup", "perl-base");

    private final String flagName;
    private final String tool;
    private final String description;
    private final String debianPackage;

    SandboxKind(String flagName, String tool, String description, String debianPackage) {
        this.flagName = flagName;
        this.tool = tool;
        this.description = description;
        this.debianPackage = debianPackage;
    }

    /** The name used by {@code --sandbox=}. */
    public String flagName() {
        return flagName;
    }

    /** The program this kind runs (for OCI, the first choice of runtime). */
    public String tool() {
        return tool;
    }

    public String description() {
        return description;
    }

    public String debianPackage() {
        return debianPackage;
    }

    /** The kind named by a {@code --sandbox} value other than {@code auto}. */
    public static SandboxKind fromFlag(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(kind -> kind.flagName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown sandbox '" + name
                        + "': expected auto, oci, bwrap or unshare"));
    }

    @Override
    public String toString() {
        return flagName;
    }
}
