package dev.jbuild.core.exec;

/**
 * What a seccomp filter does with a system call: let it run, fail it with an errno, or kill the
 * process. {@link #filterReturn()} is the value a classic BPF {@code ret} hands the kernel.
 */
sealed interface SeccompAction {

    /** The call runs. */
    record Allow() implements SeccompAction {
        @Override
        public int filterReturn() {
            return 0x7fff0000; // SECCOMP_RET_ALLOW
        }
    }

    /** The call does not run and returns {@code -errno}. */
    record Errno(int errno) implements SeccompAction {
        public Errno {
            if (errno < 1 || errno > 4095) {
                throw new IllegalArgumentException("an errno is 1 to 4095, not " + errno);
            }
        }

        @Override
        public int filterReturn() {
            return 0x00050000 | errno; // SECCOMP_RET_ERRNO
        }
    }

    /** The whole process dies of SIGSYS (a thread-only kill before Linux 4.14). */
    record KillProcess() implements SeccompAction {
        @Override
        public int filterReturn() {
            return 0x80000000; // SECCOMP_RET_KILL_PROCESS
        }
    }

    SeccompAction ALLOW = new Allow();
    SeccompAction EPERM = new Errno(1);
    SeccompAction ENOSYS = new Errno(38);
    SeccompAction KILL = new KillProcess();

    int filterReturn();
}
