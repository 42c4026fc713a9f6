package dev.jbuild.core.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The operations the unshare sandbox's one setup process performs, in order, from entering the
 * namespaces to exec'ing the step's command: the plan a perl-base program
 * ({@code unshare-setup.pl}) reads and carries out with system calls, where a shell script used
 * to start a dozen host tools (each exec costs a millisecond or more). The plan is a file of
 * NUL-terminated words, each operation its name, its argument count and its arguments, so
 * values need no quoting and never appear on a command line.
 */
final class SetupPlan {

    static final int CLONE_NEWNS = 0x00020000;
    static final int CLONE_NEWUTS = 0x04000000;
    static final int CLONE_NEWIPC = 0x08000000;
    static final int CLONE_NEWUSER = 0x10000000;
    static final int CLONE_NEWPID = 0x20000000;
    static final int CLONE_NEWNET = 0x40000000;

    static final int MS_RDONLY = 1;
    static final int MS_NOSUID = 2;
    static final int MS_NODEV = 4;
    static final int MS_NOEXEC = 8;
    static final int MS_REMOUNT = 32;
    static final int MS_BIND = 4096;
    static final int MS_MOVE = 8192;
    static final int MS_REC = 16384;

    private static final int AT_SYMLINK_NOFOLLOW = 0x100;

    /** The system calls the program makes, which perl-base can only reach by number. */
    private static final List<String> SYSCALLS = List.of("prctl", "unshare", "sethostname", "mount", "fchownat",
            "prlimit64", "setgroups", "setresgid", "setresuid", "seccomp");

    private static final String PROGRAM = program();

    private final List<List<String>> operations = new ArrayList<>();

    /** An empty plan whose program knows the system call numbers of {@code arch}. */
    SetupPlan(SyscallArch arch) {
        List<String> numbers = new ArrayList<>();
        for (String name : SYSCALLS) {
            numbers.add(name);
            numbers.add(Integer.toString(arch.number(name).orElseThrow(() ->
                    new IllegalStateException("no number for " + name + " in the " + arch + " table"))));
        }
        add("syscalls", numbers);
    }

    /** The argv that carries out the plan written to {@code planFile}. */
    static List<String> command(Path perl, Path planFile) {
        return List.of(perl.toString(), "-e", PROGRAM, planFile.toString());
    }

    /** Appends operation {@code name} with {@code arguments}. */
    SetupPlan add(String name, String... arguments) {
        return add(name, List.of(arguments));
    }

    SetupPlan add(String name, List<String> arguments) {
        List<String> operation = new ArrayList<>();
        operation.add(name);
        operation.addAll(arguments);
        for (String word : operation) {
            if (word.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a NUL in the sandbox setup's " + name + " operation");
            }
        }
        operations.add(operation);
        return this;
    }

    /**
     * Appends the mount(2) calls that mount(8) makes for one fstab line: a bind first binds
     * ({@code rbind} recursively), then, when it asks for any of ro, nosuid, nodev or noexec,
     * remounts the bind with them; other file systems get their flags and the rest of the
     * options as data in one call.
     */
    SetupPlan mount(String source, String target, String type, String options) {
        int flags = 0;
        List<String> data = new ArrayList<>();
        for (String option : options.split(",")) {
            switch (option) {
                case "ro" -> flags |= MS_RDONLY;
                case "nosuid" -> flags |= MS_NOSUID;
                case "nodev" -> flags |= MS_NODEV;
                case "noexec" -> flags |= MS_NOEXEC;
                case "bind" -> flags |= MS_BIND;
                case "rbind" -> flags |= MS_BIND | MS_REC;
                default -> data.add(option);
            }
        }
        if ((flags & MS_BIND) == 0) {
            return add("mount", source, target, type, Integer.toString(flags), String.join(",", data));
        }
        add("mount", source, target, "", Integer.toString(flags & (MS_BIND | MS_REC)), "");
        int restricted = flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
        if (restricted != 0) {
            add("mount", "none", target, "", Integer.toString(MS_REMOUNT | MS_BIND | restricted), "");
        }
        return this;
    }

    /** Appends a chown of {@code path} to {@code uid:gid}, of a link itself unless {@code follow}. */
    SetupPlan chown(long uid, long gid, Path path, boolean follow) {
        return add("chown", Long.toString(uid), Long.toString(gid), path.toString(),
                Integer.toString(follow ? 0 : AT_SYMLINK_NOFOLLOW));
    }

    /** The operations, each its name followed by its arguments. */
    List<List<String>> operations() {
        return List.copyOf(operations);
    }

    /** Writes the plan, readable by its owner only: it holds the step's environment. */
    Path write(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (List<String> operation : operations) {
            text.append(operation.get(0)).append('\0').append(operation.size() - 1).append('\0');
            for (String argument : operation.subList(1, operation.size())) {
                text.append(argument).append('\0');
            }
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static String program() {
        try (InputStream in = SetupPlan.class.getResourceAsStream("unshare-setup.pl")) {
            if (in == null) {
                throw new IllegalStateException("unshare-setup.pl is missing from the jar");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
