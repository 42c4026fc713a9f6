package dev.jbuild.core.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The kernel's table of interpreters for foreign binaries ({@code /proc/sys/fs/binfmt_misc}):
 * whether this host runs another architecture's Linux programs, as RUN steps of a build for
 * that platform need. An architecture runs when an enabled entry's magic matches the ELF header
 * of its programs (qemu-user-static's entries, or tonistiigi/binfmt's); the entry must carry the
 * {@code F} flag, since a step's root has no interpreter in it and the kernel has to have opened
 * it at registration. BuildKit checks the same table by running a test binary per architecture;
 * reading the entries tells the user which one is missing without running anything.
 */
public final class BinfmtMisc {

    private static final Path SYSTEM = Path.of("/proc/sys/fs/binfmt_misc");

    /** ELF class, byte order and e_machine of each architecture's programs, by OCI name. */
    private record Elf(int elfClass, boolean bigEndian, int machine, String qemu) {
    }

    private static final Map<String, Elf> ELF = Map.of(
            "amd64", new Elf(2, false, 0x3e, "x86_64"),
            "386", new Elf(1, false, 0x03, "i386"),
            "arm64", new Elf(2, false, 0xb7, "aarch64"),
            "arm", new Elf(1, false, 0x28, "arm"),
            "ppc64le", new Elf(2, false, 0x15, "ppc64le"),
            "s390x", new Elf(2, true, 0x16, "s390x"),
            "riscv64", new Elf(2, false, 0xf3, "riscv64"),
            "mips64le", new Elf(2, false, 0x08, "mips64el"),
            "loong64", new Elf(2, false, 0x102, "loongarch64"));

    private final Path directory;
    private final String hostArchitecture;

    BinfmtMisc(Path directory, String hostArchitecture) {
        this.directory = directory;
        this.hostArchitecture = hostArchitecture;
    }

    /** The machine's table, for a host of the given OCI architecture. */
    public static BinfmtMisc system(String hostArchitecture) {
        return new BinfmtMisc(SYSTEM, hostArchitecture);
    }

    /** Throws a {@link SandboxException} with {@link #problem}'s text when programs of {@code architecture} cannot run here. */
    public void require(String platform, String architecture) {
        Optional<String> problem = problem(platform, architecture);
        if (problem.isPresent()) {
            throw SandboxException.reported(null, problem.get());
        }
    }

    /**
     * Why programs of {@code architecture} (an OCI name) cannot run here, with what to install
     * and register; empty when they run natively or through a registered interpreter.
     */
    public Optional<String> problem(String platform, String architecture) {
        if (architecture.equals(hostArchitecture) || (hostArchitecture.equals("amd64") && architecture.equals("386"))) {
            return Optional.empty();
        }
        Elf elf = ELF.get(architecture);
        if (elf == null) {
            return Optional.of("RUN steps for " + platform + " need an emulator, and jbuild knows no Linux "
                    + "program format for the architecture " + architecture);
        }
        String register = "install qemu-user-static and, as root, register its interpreter: " + registration(elf);
        if (!Files.exists(directory.resolve("register"))) {
            return Optional.of("RUN steps for " + platform + " need an emulator, and binfmt_misc is not mounted on "
                    + directory + ": as root, mount -t binfmt_misc binfmt_misc " + directory + ", then " + register);
        }
        if (readLines(directory.resolve("status")).contains("disabled")) {
            return Optional.of("RUN steps for " + platform + " need an emulator, and binfmt_misc is disabled ("
                    + directory.resolve("status") + "): as root, echo 1 > " + directory.resolve("status"));
        }
        byte[] header = header(elf);
        for (Path entry : entries()) {
            List<String> lines = readLines(entry);
            if (lines.contains("enabled") && matches(lines, header)) {
                if (!flags(lines).contains("F")) {
                    return Optional.of("RUN steps for " + platform + " would run through " + value(lines, "interpreter")
                            + " (" + entry + "), registered without the F flag, so the kernel would look for it inside"
                            + " the step's root, where it is not; register it again with F, as Debian's "
                            + "/usr/lib/binfmt.d/qemu-" + elf.qemu() + ".conf does");
                }
                return Optional.empty();
            }
        }
        return Optional.of("RUN steps for " + platform + " need an emulator: this " + hostArchitecture
                + " host has no binfmt_misc entry for " + architecture + " programs in " + directory + "; " + register);
    }

    /**
     * The architectures (OCI names, sorted) other than the host's whose programs run here through
     * a registered interpreter, each with the interpreter's path, for {@code jbuild doctor}.
     */
    public Map<String, String> emulated() {
        Map<String, String> out = new TreeMap<>();
        for (String architecture : ELF.keySet()) {
            if (architecture.equals(hostArchitecture) || problem("", architecture).isPresent()) {
                continue;
            }
            byte[] header = header(ELF.get(architecture));
            for (Path entry : entries()) {
                List<String> lines = readLines(entry);
                if (lines.contains("enabled") && matches(lines, header)) {
                    out.put(architecture, value(lines, "interpreter"));
                    break;
                }
            }
            out.putIfAbsent(architecture, "natively");
        }
        return out;
    }

    private String registration(Elf elf) {
        return "cat /usr/lib/binfmt.d/qemu-" + elf.qemu() + ".conf > " + directory.resolve("register")
                + " (or docker run --privileged --rm tonistiigi/binfmt --install " + elf.qemu() + ")";
    }

    // The first 20 bytes of an executable: the ELF identification, e_type ET_EXEC and e_machine.
    private static byte[] header(Elf elf) {
        byte[] b = new byte[20];
        b[0] = 0x7f;
        b[1] = 'E';
        b[2] = 'L';
        b[3] = 'F';
        b[4] = (byte) elf.elfClass();
        b[5] = (byte) (elf.bigEndian() ? 2 : 1);
        b[6] = 1;
        putHalf(b, 16, 2, elf.bigEndian());
        putHalf(b, 18, elf.machine(), elf.bigEndian());
        return b;
    }

    private static void putHalf(byte[] b, int at, int value, boolean bigEndian) {
        b[at + (bigEndian ? 1 : 0)] = (byte) value;
        b[at + (bigEndian ? 0 : 1)] = (byte) (value >> 8);
    }

    private static boolean matches(List<String> lines, byte[] header) {
        String magicHex = value(lines, "magic");
        if (magicHex.isEmpty()) {
            return false;
        }
        byte[] magic = HexFormat.of().parseHex(magicHex);
        String maskHex = value(lines, "mask");
        byte[] mask = maskHex.isEmpty() ? null : HexFormat.of().parseHex(maskHex);
        String offsetText = value(lines, "offset");
        int offset = offsetText.isEmpty() ? 0 : Integer.parseInt(offsetText);
        for (int i = 0; i < magic.length; i++) {
            int at = offset + i;
            byte m = mask == null || i >= mask.length ? (byte) 0xff : mask[i];
            byte actual = at < header.length ? header[at] : 0;
            if ((actual & m) != (magic[i] & m)) {
                return false;
            }
        }
        return true;
    }

    private static String flags(List<String> lines) {
        return value(lines, "flags:");
    }

    private static String value(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key + " ")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        return "";
    }

    private List<Path> entries() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> !p.getFileName().toString().equals("register")
                    && !p.getFileName().toString().equals("status")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
