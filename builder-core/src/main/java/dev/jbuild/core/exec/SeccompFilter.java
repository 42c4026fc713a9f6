package dev.jbuild.core.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seccomp filter every RUN step runs under, Docker's default profile without CAP_SYS_ADMIN
 * ({@link SeccompProfile#docker()}), in the three forms the sandboxes take it: a compiled BPF
 * program that the unshare sandbox's setup program ({@link SetupPlan}) loads before it cuts the
 * bounding set and execs the command, the same program on a file descriptor for
 * {@code bwrap --seccomp}, and the OCI {@code linux.seccomp} object runc compiles itself.
 *
 * <p>The setup program does not set no_new_privs, so setuid programs in an image keep working.
 * It needs CAP_SYS_ADMIN in its user namespace instead, which it has as the namespace's root
 * before it drops the bounding set. It has no fallback to no_new_privs: without that capability
 * it fails (exit {@value #LOADER_FAILED}, a {@code jbuild seccomp:} message), since a step
 * quietly losing setuid would be harder to diagnose than a sandbox wired wrongly.
 */
public final class SeccompFilter {

    /** The setup program's exit status when it cannot read or load the program, or any other step of the setup fails. */
    public static final int LOADER_FAILED = 125;

    /** The descriptor {@link #onDescriptor} opens the program on, and {@link #bwrapOptions} names. */
    public static final int BWRAP_FD = 3;

    private static final class Host {
        static final Optional<SeccompFilter> FILTER = SyscallArch.host().map(arch -> new SeccompFilter(SeccompProfile.docker(), arch));
    }

    private final SeccompProfile profile;
    private final SyscallArch arch;
    private final byte[] program;

    SeccompFilter(SeccompProfile profile, SyscallArch arch) {
        this.profile = profile;
        this.arch = arch;
        this.program = SeccompCompiler.compile(profile, arch);
    }

    /** The filter for this machine's architecture, compiled once; empty on an architecture jbuild has no table for. */
    public static Optional<SeccompFilter> forHost() {
        return Host.FILTER;
    }

    /** The architecture the program is for, as libseccomp names it (SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64). */
    public String architecture() {
        return arch.ociName();
    }

    /**
     * Writes the program to {@code file}, world-readable: the loader may run as a namespace
     * root that maps to a subordinate id, to which the invoking user's private files are closed.
     */
    public Path writeProgram(Path file) throws IOException {
        Files.write(file, program);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    /**
     * The argv prefix that opens {@code programFile} on descriptor {@value #BWRAP_FD} and execs the
     * argv that follows (bwrap and its arguments): ProcessBuilder passes no descriptors but 0 to 2.
     */
    public static List<String> onDescriptor(Path sh, Path programFile) {
        return List.of(sh.toString(), "-c", "exec \"$@\" " + BWRAP_FD + "<\"$0\"", programFile.toString());
    }

    /** The bwrap options that load the program from {@link #onDescriptor}'s descriptor. */
    public static List<String> bwrapOptions() {
        return List.of("--seccomp", Integer.toString(BWRAP_FD));
    }

    /** The OCI {@code linux.seccomp} object of the same profile, for runc to apply. */
    public Map<String, Object> ociSeccomp() {
        return OciSeccomp.of(profile, arch);
    }
}
