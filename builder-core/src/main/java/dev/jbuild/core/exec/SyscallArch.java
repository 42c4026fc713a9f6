package dev.jbuild.core.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A CPU architecture a seccomp filter is compiled for: the {@code AUDIT_ARCH_*} value the kernel
 * puts in {@code seccomp_data.arch}, the libseccomp name runc knows it by, and the system call
 * numbers, read from a resource file made from the kernel's table. Both architectures are
 * little-endian, so an argument's low 32 bits come first in {@code seccomp_data.args[i]}.
 */
enum SyscallArch {

    /** The 64-bit ABI; the x32 ABI shares its AUDIT_ARCH and marks its numbers with bit 30. */
    X86_64(0xC000003E, "SCMP_ARCH_X86_64", "syscalls-x86_64.txt", true),
    AARCH64(0xC00000B7, "SCMP_ARCH_AARCH64", "syscalls-aarch64.txt", false);

    /** x32 system calls are numbered from here. */
    static final int X32_SYSCALL_BIT = 0x40000000;

    private final int auditArch;
    private final String ociName;
    private final String resource;
    private final boolean sharesArchWithX32;
    private volatile Map<String, Integer> numbers;

    SyscallArch(int auditArch, String ociName, String resource, boolean sharesArchWithX32) {
        this.auditArch = auditArch;
        this.ociName = ociName;
        this.resource = resource;
        this.sharesArchWithX32 = sharesArchWithX32;
    }

    /** The architecture this JVM runs on, if a filter can be compiled for it. */
    static Optional<SyscallArch> host() {
        return switch (System.getProperty("os.arch").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Optional.of(X86_64);
            case "aarch64", "arm64" -> Optional.of(AARCH64);
            default -> Optional.empty();
        };
    }

    int auditArch() {
        return auditArch;
    }

    String ociName() {
        return ociName;
    }

    /** Whether x32 calls arrive with this architecture's AUDIT_ARCH, so the filter must tell them apart by number. */
    boolean sharesArchWithX32() {
        return sharesArchWithX32;
    }

    OptionalInt number(String syscall) {
        Integer number = numbers().get(syscall);
        return number == null ? OptionalInt.empty() : OptionalInt.of(number);
    }

    /** The highest number in the table: anything above is a call newer than the table. */
    int highest() {
        return numbers().values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** Every call in the table, name to number. */
    Map<String, Integer> numbers() {
        Map<String, Integer> loaded = numbers;
        if (loaded == null) {
            loaded = load();
            numbers = loaded;
        }
        return loaded;
    }

    private Map<String, Integer> load() {
        String text;
        try (InputStream in = SyscallArch.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the system call table " + resource + " is missing from the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the system call table " + resource, e);
        }
        Map<String, Integer> table = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 2 || !fields[1].matches("\\d{1,4}") || table.put(fields[0], Integer.valueOf(fields[1])) != null) {
                throw new IllegalStateException(resource + ":" + (i + 1) + ": expected a new 'name number', got '" + line + "'");
            }
        }
        return Collections.unmodifiableMap(table);
    }
}
