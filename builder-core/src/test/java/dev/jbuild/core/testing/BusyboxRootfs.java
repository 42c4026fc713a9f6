package dev.jbuild.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A tiny real root filesystem for sandbox tests: Debian's statically linked busybox
 * ({@code busybox-static}) at {@code /bin/busybox} with a symlink per applet, an
 * {@code /etc/passwd} with root, {@code app} (1000:1000) and nobody, a matching
 * {@code /etc/group} (app is also a member of {@code audio}, gid 29), and {@code /tmp} 1777.
 * No {@code /proc}, {@code /dev} or {@code /etc/hosts}: the sandbox must cope without them.
 */
public final class BusyboxRootfs {

    public static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

    private BusyboxRootfs() {
    }

    /** Creates the root filesystem in {@code root} (created if missing) and returns it. */
    public static Path create(Path root) throws IOException, InterruptedException {
        if (!Files.isExecutable(HOST_BUSYBOX) || !isStatic(HOST_BUSYBOX)) {
            fail("sandbox tests need a statically linked /bin/busybox: install it with 'apt-get install busybox-static'");
        }
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(HOST_BUSYBOX, bin.resolve("busybox"));
        Files.setPosixFilePermissions(bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Process list = new ProcessBuilder(HOST_BUSYBOX.toString(), "--list").start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!list.waitFor(30, TimeUnit.SECONDS) || list.exitValue() != 0) {
            fail("busybox --list failed");
        }
        for (String applet : applets.split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet.trim()), Path.of("busybox"));
            }
        }
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/sh
                app:x:1000:1000:app:/home/app:/bin/sh
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                """);
        Files.writeString(etc.resolve("group"), """
                root:x:0:
                audio:x:29:app
                app:x:1000:
                nogroup:x:65534:
                """);
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        // The JDK cannot set the sticky bit.
        Process chmod = new ProcessBuilder("chmod", "1777", tmp.toString()).inheritIO().start();
        if (!chmod.waitFor(30, TimeUnit.SECONDS) || chmod.exitValue() != 0) {
            fail("chmod 1777 " + tmp + " failed");
        }
        Files.createDirectories(root.resolve("root"));
        Files.createDirectories(root.resolve("home/app"));
        return root;
    }

    /** Whether the ELF file has no PT_INTERP program header, i.e. needs no dynamic loader. */
    private static boolean isStatic(Path elf) throws IOException {
        byte[] b = Files.readAllBytes(elf);
        if (b.length < 64 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F' || b[4] != 2) {
            return false;
        }
        long phoff = le(b, 32, 8);
        int phentsize = (int) le(b, 54, 2);
        int phnum = (int) le(b, 56, 2);
        for (int i = 0; i < phnum; i++) {
            if (le(b, (int) phoff + i * phentsize, 4) == 3) { // PT_INTERP
                return false;
            }
        }
        return true;
    }

    private static long le(byte[] b, int offset, int size) {
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (b[offset + i] & 0xff);
        }
        return value;
    }
}
