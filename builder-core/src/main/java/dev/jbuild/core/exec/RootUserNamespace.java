package dev.jbuild.core.exec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How a step run by host root enters its user namespace: last, after root has mounted its
 * root filesystem, /proc, /dev and the step's mounts in the other new namespaces with its full
 * host privileges, so that no path on the way to the data directory needs to be searchable by
 * the step's shifted ids (root's home is 0700). The setup program ({@link SetupPlan}) forks; the
 * child unshares a user namespace, which the kernel allows only while the process's root is its
 * mount namespace's root, so before the root filesystem is moved over {@code /}; the parent,
 * still host root, writes the child's id maps through the step's own /proc (relative to the root
 * it runs in, since the child's pid is in the step's pid namespace) and moves the root; the child
 * then becomes root of that namespace (uid 0 inside, a subordinate id outside, with the
 * namespace's capabilities) and goes on with the rest of the plan from the moved root, its
 * working directory, starting with the seccomp filter, which the program read before giving up
 * host root. The parent waits and passes on the child's exit status. Before all that, the step's
 * standard streams, when they are pipes (host root's, mode 0600), are given to container root's
 * host id: otherwise opening {@code /dev/stdout} or {@code /dev/stderr}, which nginx's and many
 * images' log links point to, fails with "Permission denied" where BuildKit, whose container
 * root owns them, succeeds.
 *
 * <p>Host tools that must see a step's files with the step's ids ({@link NamespaceCommand})
 * enter such a namespace with nothing else unshared, through {@link #hostCommand}.
 */
final class RootUserNamespace {

    private static final String PROGRAM = String.join("\n",
            "use strict;", // no POSIX: loading it costs perl ~15 ms
            "my ($nr, $uidmap, $gidmap) = splice(@ARGV, 0, 3);",
            "pipe(my $rr, my $rw) or die \"jbuild: pipe: $!\\n\"; pipe(my $gr, my $gw) or die \"jbuild: pipe: $!\\n\";",
            "my $pid = fork() // die \"jbuild: fork: $!\\n\";",
            "if ($pid == 0) {",
            "  close $rr; close $gw;",
            "  syscall($nr, 0x10000000) == 0 or die \"jbuild: cannot create the user namespace: $!\\n\";",
            "  syswrite($rw, 'u'); close $rw;",
            "  sysread($gr, my $b, 1) == 1 or exit(125);",
            "  $( = 0; $) = '0 0'; $( == 0 && $) == 0 or die \"jbuild: setgid: $!\\n\";",
            "  ($<, $>) = (0, 0); $< == 0 && $> == 0 or die \"jbuild: setuid: $!\\n\";",
            "  exec { $ARGV[0] } @ARGV; die \"jbuild: exec $ARGV[0]: $!\\n\";",
            "}",
            "close $rw; close $gr;",
            "sysread($rr, my $b, 1) == 1 or die \"jbuild: the user namespace was not created\\n\";",
            "for (['gid_map', $gidmap], ['uid_map', $uidmap]) {",
            "  open(my $f, '>', \"/proc/$pid/$_->[0]\") or die \"jbuild: open $_->[0]: $!\\n\";",
            "  syswrite($f, $_->[1]) or die \"jbuild: write $_->[0]: $!\\n\"; close($f);",
            "}",
            "syswrite($gw, 'g'); close $gw;",
            "waitpid($pid, 0);",
            "exit(($? & 127) ? 128 + ($? & 127) : $? >> 8);");

    private RootUserNamespace() {
    }

    /**
     * Appends to {@code plan} the entry into a user namespace with {@code mapping}, from the root
     * filesystem's mount point, which the parent moves over {@code /} once the namespace exists,
     * then prints {@code marker}.
     */
    static void enter(SetupPlan plan, IdMapping mapping, String marker) {
        if (mapping.hostUid(0).isPresent() && mapping.hostGid(0).isPresent()) {
            plan.add("chown-stdio", Long.toString(mapping.hostUid(0).getAsLong()), Long.toString(mapping.hostGid(0).getAsLong()));
        }
        plan.add("userns", mapping.uidMapText(), mapping.gidMapText(), "proc", "2");
        UnshareSetup.moveRoot(plan, marker);
    }

    /**
     * The argv prefix that runs the rest of the command as root of a user namespace with
     * {@code mapping}, and nothing else unshared: for host tools that must see a step's files
     * with the step's ids ({@link NamespaceCommand}).
     */
    static List<String> hostCommand(Path perl, IdMapping mapping) {
        if (perl == null) {
            throw SandboxException.missingTool(SandboxKind.UNSHARE, "'perl' (to enter the step's user namespace as root)",
                    "perl-base");
        }
        return List.of(perl.toString(), "-e", PROGRAM, Long.toString(unshareSyscall()), mapping.uidMapText(),
                mapping.gidMapText());
    }

    // unshare(2) has no libc wrapper perl-base can reach; its number per architecture.
    private static long unshareSyscall() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> 272;
            case "aarch64", "arm64", "riscv64", "loongarch64" -> 97;
            case "ppc64le", "ppc64" -> 282;
            case "s390x" -> 303;
            default -> throw new SandboxException(SandboxKind.UNSHARE, "no unshare(2) number known for " + arch);
        };
    }
}
