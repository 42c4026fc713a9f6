package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The compiled Docker profile, run in {@link BpfInterpreter} on sample calls of each architecture. */
class SeccompCompilerTest {

    private static final int ALLOW = SeccompAction.ALLOW.filterReturn();
    private static final int EPERM = SeccompAction.EPERM.filterReturn();
    private static final int ENOSYS = SeccompAction.ENOSYS.filterReturn();
    private static final int KILL = SeccompAction.KILL.filterReturn();
    private static final int AUDIT_ARCH_I386 = 0x40000003;
    private static final int AUDIT_ARCH_ARM = 0x40000028;
    private static final long SIGCHLD = 17;
    private static final long CLONE_THREAD_FLAGS = 0x3d0f00; // what glibc's pthread_create passes
    private static final Map<String, Long> NAMESPACE_FLAGS = Map.of("CLONE_NEWNS", 0x20000L,
            "CLONE_NEWCGROUP", 0x02000000L, "CLONE_NEWUTS", 0x04000000L, "CLONE_NEWIPC", 0x08000000L,
            "CLONE_NEWUSER", 0x10000000L, "CLONE_NEWPID", 0x20000000L, "CLONE_NEWNET", 0x40000000L);

    private static int call(SyscallArch arch, String syscall, long... args) {
        return call(arch, arch.number(syscall).orElseThrow(), args);
    }

    private static int call(SyscallArch arch, int nr, long... args) {
        return outcome(arch, arch.auditArch(), nr, args).returned();
    }

    private static BpfInterpreter.Outcome outcome(SyscallArch arch, int auditArch, int nr, long... args) {
        return interpreter(arch).run(BpfInterpreter.seccompData(nr, auditArch, args));
    }

    private static final Map<SyscallArch, BpfInterpreter> COMPILED = new EnumMap<>(SyscallArch.class);

    private static synchronized BpfInterpreter interpreter(SyscallArch arch) {
        return COMPILED.computeIfAbsent(arch, a -> new BpfInterpreter(SeccompCompiler.compile(SeccompProfile.docker(), a)));
    }

    @ParameterizedTest
    @EnumSource(SyscallArch.class)
    void readWriteAndExecveAreAllowed(SyscallArch arch) {
        for (String syscall : List.of("read", "write", "execve", "openat", "mmap", "exit_group", "setresuid", "capset",
                "setgroups", "prctl", "chroot", "chdir")) {
            assertEquals(ALLOW, call(arch, syscall), syscall);
        }
    }

    @ParameterizedTest
    @EnumSource(SyscallArch.class)
    void mountAndTheOtherCapSysAdminCallsFailWithEperm(SyscallArch arch) {
        for (String syscall : List.of("mount", "umount2", "setns", "pivot_root", "bpf", "perf_event_open", "sethostname",
                "fsopen", "open_tree", "move_mount", "open_by_handle_at", "kexec_load", "init_module", "reboot",
                "swapon", "acct", "settimeofday", "syslog", "userfaultfd", "quotactl")) {
            assertEquals(EPERM, call(arch, syscall), syscall);
        }
    }

    @ParameterizedTest
    @EnumSource(SyscallArch.class)
    void kernelKeyringCallsFailWithEperm(SyscallArch arch) {
        for (String syscall : List.of("keyctl", "add_key", "request_key")) {
            assertEquals(EPERM, call(arch, syscall), syscall);
        }
    }

    @ParameterizedTest
    @EnumSource(SyscallArch.class)
    void cloneMakesProcessesAndThreadsButNoNamespace(SyscallArch arch) {
        assertEquals(ALLOW, call(arch, "clone", SIGCHLD));
        assertEquals(ALLOW, call(arch, "clone", CLONE_THREAD_FLAGS));
        NAMESPACE_FLAGS.forEach((name, flag) ->
                assertEquals(EPERM, call(arch, "clone", flag | SIGCHLD), "clone with " + name));
    }

    @ParameterizedTest
    @EnumSource(SyscallArch.class)
    void clone3GetsEnosysSoLibcFallsBackToClone(SyscallArch arch) {
        assertEquals(ENOSYS, call(arch, "clone3", 0, 88));
    }

    @ParameterizedTest
    @EnumSource(SyscallArch.class)
    void unshareWithoutNamespaceFlagsIsAllowedWithAnyIsNot(SyscallArch arch) {
        assertEquals(ALLOW, call(arch, "unshare", 0), "util-linux unshare --root calls unshare(0)");
        assertEquals(ALLOW, call(arch, "unshare", 0x200 | 0x400), "CLONE_FS | CLONE_FILES");
        NAMESPACE_FLAGS.forEach((name, flag) -> assertEquals(EPERM, call(arch, "unshare", flag), "unshare " + name));
        assertEquals(EPERM, call(arch, "unshare", 0x80), "CLONE_NEWTIME");
    }

    @ParameterizedTest
    @EnumSource(SyscallArch.class)
    void socketsOfEveryFamilyButVsockAreAllowed(SyscallArch arch) {
        assertEquals(ALLOW, call(arch, "socket", 2, 1, 0), "AF_INET");
        assertEquals(ALLOW, call(arch, "socket", 1, 1, 0), "AF_UNIX");
        assertEquals(ALLOW, call(arch, "socket", 16, 3, 0), "AF_NETLINK");
        assertEquals(EPERM, call(arch, "socket", 40, 1, 0), "AF_VSOCK");
        // The kernel reads an int: garbage in the high word must not hide AF_VSOCK.
        assertEquals(EPERM, call(arch, "socket", 0x1_0000_0028L, 1, 0), "AF_VSOCK with high bits set");
    }

    @ParameterizedTest
    @EnumSource(SyscallArch.class)
    void personalityTakesOnlyDockersValues(SyscallArch arch) {
        for (long persona : List.of(0L, 8L, 0x20000L, 0x20008L, 0xffffffffL)) {
            assertEquals(ALLOW, call(arch, "personality", persona), "personality 0x" + Long.toHexString(persona));
        }
        assertEquals(EPERM, call(arch, "personality", 0x0040000L), "ADDR_NO_RANDOMIZE");
        assertEquals(EPERM, call(arch, "personality", 0x0400000L), "READ_IMPLIES_EXEC");
    }

    @ParameterizedTest
    @EnumSource(SyscallArch.class)
    void callsNewerThanTheTableGetEnosys(SyscallArch arch) {
        assertEquals(ENOSYS, call(arch, arch.highest() + 1));
        assertEquals(ENOSYS, call(arch, 452), "fchmodat2 (Linux 6.6): glibc falls back to fchmodat");
        assertEquals(ENOSYS, call(arch, 0x3fffffff));
    }

    @Test
    void aCallFromAnotherArchitectureKillsTheProcess() {
        for (int nr = 0; nr < 400; nr += 7) {
            assertEquals(KILL, outcome(SyscallArch.X86_64, AUDIT_ARCH_I386, nr).returned(), "i386 call " + nr);
            assertEquals(KILL, outcome(SyscallArch.AARCH64, AUDIT_ARCH_ARM, nr).returned(), "arm call " + nr);
            assertEquals(KILL, outcome(SyscallArch.X86_64, SyscallArch.AARCH64.auditArch(), nr).returned());
        }
    }

    @Test
    void x32CallsKillTheProcessOnX86_64() {
        int read = SyscallArch.X86_64.number("read").orElseThrow();
        assertEquals(KILL, call(SyscallArch.X86_64, SyscallArch.X32_SYSCALL_BIT | read));
        assertEquals(KILL, call(SyscallArch.X86_64, SyscallArch.X32_SYSCALL_BIT | 512), "x32's own rt_sigaction");
        assertEquals(KILL, call(SyscallArch.X86_64, -1));
    }

    @ParameterizedTest
    @EnumSource(SyscallArch.class)
    void everyCallInTheTableGetsTheProfilesActionOrTheDefault(SyscallArch arch) {
        Map<String, List<SeccompProfile.Rule>> rules = SeccompProfile.docker().bySyscall();
        Set<String> conditional = Set.of("clone", "unshare", "socket", "personality");
        arch.numbers().forEach((syscall, nr) -> {
            if (conditional.contains(syscall)) {
                return;
            }
            List<SeccompProfile.Rule> listed = rules.get(syscall);
            int expected = listed == null ? EPERM : listed.get(0).action().filterReturn();
            assertEquals(expected, call(arch, nr), syscall + " (" + nr + ")");
        });
    }

    @ParameterizedTest
    @EnumSource(SyscallArch.class)
    void aCallIsDecidedInAFewInstructions(SyscallArch arch) {
        int worst = 0;
        for (int nr = 0; nr <= arch.highest() + 1; nr++) {
            worst = Math.max(worst, outcome(arch, arch.auditArch(), nr, 0).executed());
        }
        assertTrue(worst <= 24, "worst case " + worst + " instructions");
        assertTrue(interpreter(arch).length() < 1000, interpreter(arch).length() + " instructions");
    }
}
