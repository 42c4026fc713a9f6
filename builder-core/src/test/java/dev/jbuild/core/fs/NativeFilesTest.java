package dev.jbuild.core.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class NativeFilesTest {

    @TempDir
    Path temp;

    @Test
    void userAttributesRoundTripAsRawBytes() throws Exception {
        Path file = Files.writeString(temp.resolve("f"), "x");
        byte[] binary = {0, (byte) 0xff, (byte) 0x80, 10, 0};
        ExtendedAttributes.set(file, "user.binary", binary);
        ExtendedAttributes.set(file, "user.empty", new byte[0]);
        assertArrayEquals(binary, ExtendedAttributes.get(file, "user.binary"));
        assertArrayEquals(new byte[0], ExtendedAttributes.get(file, "user.empty"));
        assertNull(ExtendedAttributes.get(file, "user.absent"));
        assertTrue(ExtendedAttributes.names(file).containsAll(List.of("user.binary", "user.empty")));
        Map<String, byte[]> onlyBinary = ExtendedAttributes.read(file, name -> name.equals("user.binary"));
        assertEquals(List.of("user.binary"), List.copyOf(onlyBinary.keySet()));
    }

    @Test
    void attributesOfASymlinkAreNotThoseOfItsTarget() throws Exception {
        Path target = Files.writeString(temp.resolve("target"), "x");
        ExtendedAttributes.set(target, "user.mine", new byte[] {1});
        Path link = Files.createSymbolicLink(temp.resolve("link"), target);
        assertNull(ExtendedAttributes.get(link, "user.mine"));
    }

    @Test
    void failuresCarryThePathAndErrno() throws Exception {
        Path missing = temp.resolve("missing");
        NativeFileException e = assertThrows(NativeFileException.class,
                () -> ExtendedAttributes.set(missing, "user.x", new byte[] {1}));
        assertEquals(2, e.errno());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void fifoGetsModeAndMtimeWithoutBlocking() throws Exception {
        Path fifo = temp.resolve("pipe");
        SpecialFiles.createFifo(fifo, 0600);
        PosixAttributes.chmod(fifo, 04640);
        PosixAttributes.setMtime(fifo, 1_000_000_000L);
        Map<String, Object> a = Files.readAttributes(fifo, "unix:mode,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        assertEquals(0010000 | 04640, (Integer) a.get("mode"));
        assertEquals(FileTime.from(1_000_000_000L, TimeUnit.SECONDS), a.get("lastModifiedTime"));
    }

    @Test
    void mtimeOfASymlinkIsSetOnTheLinkAndChmodRefusesLinks() throws Exception {
        Path target = Files.writeString(temp.resolve("target"), "x");
        FileTime targetTime = Files.getLastModifiedTime(target);
        Path link = Files.createSymbolicLink(temp.resolve("link"), target);
        PosixAttributes.setMtime(link, 86_400);
        assertEquals(FileTime.from(86_400, TimeUnit.SECONDS), Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS));
        assertEquals(targetTime, Files.getLastModifiedTime(target));
        assertThrows(IllegalArgumentException.class, () -> PosixAttributes.chmod(link, 0600));
    }

    @Test
    void deviceNumbersSplitAndJoinLikeGlibc() {
        long[][] cases = {{1, 3}, {8, 1}, {259, 65536}, {4095, 255}, {4096, 256}, {0xfffff, 0xfffff}};
        for (long[] c : cases) {
            long dev = SpecialFiles.makedev(c[0], c[1]);
            assertEquals(c[0], SpecialFiles.major(dev));
            assertEquals(c[1], SpecialFiles.minor(dev));
        }
        assertEquals(0x0103, SpecialFiles.makedev(1, 3), "/dev/null is 1:3");
    }
}
