package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ranges /etc/subuid and /etc/subgid grant, by user name or uid. */
class SubordinateIdsTest {

    @TempDir
    Path etc;

    @Test
    void firstRangeOfTheUserByNameOrUid() throws Exception {
        Path subuid = Files.writeString(etc.resolve("subuid"), "other:1:2\njb:100000:65536\njb:300000:10\n");
        Path subgid = Files.writeString(etc.resolve("subgid"), "bad line\n1001:200000:1000\n");

        assertEquals(Optional.of(new SubordinateIds(100000, 65536, 200000, 1000)),
                SubordinateIds.read(subuid, subgid, "jb", 1001));
    }

    @Test
    void nothingWithoutBothRanges() throws Exception {
        Path subuid = Files.writeString(etc.resolve("subuid"), "jb:100000:65536\n");

        assertEquals(Optional.empty(), SubordinateIds.read(subuid, etc.resolve("missing"), "jb", 1001));
    }
}
