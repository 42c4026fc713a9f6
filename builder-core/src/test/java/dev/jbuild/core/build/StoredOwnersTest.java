package dev.jbuild.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.exec.IdMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredOwnersTest {

    private static final IdMapping SHIFTED = new IdMapping(List.of(new IdMapping.Range(0, 1_000_000_000L, 65536)),
            List.of(new IdMapping.Range(0, 1_000_000_000L, 65536)), true);

    @TempDir
    Path data;

    @Test
    void treesMadeUnderAnotherMappingAreSetAsideAndTheMappingRecorded() throws Exception {
        Path chain = Files.createDirectories(data.resolve("snapshots/chains/sha256/abc/rootfs"));
        Files.writeString(chain.resolve("file"), "made when root's steps ran as host root");
        Files.createDirectories(data.resolve("snapshots/overlay/sha256/def"));
        Files.createDirectories(data.resolve("cache-mounts/0123"));
        Path records = Files.createDirectories(data.resolve("cache/v2"));

        StoredOwners.ensure(data, SHIFTED);

        assertFalse(Files.exists(data.resolve("snapshots/chains")));
        assertFalse(Files.exists(data.resolve("snapshots/overlay")));
        assertFalse(Files.exists(data.resolve("cache-mounts")));
        assertTrue(Files.isDirectory(records), "records hold container ids and stay");
        try (Stream<Path> aside = Files.list(data.resolve("snapshots/sessions"))) {
            assertEquals(3, aside.filter(p -> p.getFileName().toString().startsWith("stale-owners-")).count(),
                    "moved where the next cleanup of abandoned work removes them");
        }
        assertEquals("trees 2\nuid\n0 1000000000 65536\ngid\n0 1000000000 65536\n", Files.readString(data.resolve("owners")));
    }

    @Test
    void treesMadeUnderTheSameMappingStay() throws Exception {
        StoredOwners.ensure(data, SHIFTED);
        Path chain = Files.createDirectories(data.resolve("snapshots/chains/sha256/abc"));

        StoredOwners.ensure(data, SHIFTED);

        assertTrue(Files.isDirectory(chain));
    }

    @Test
    void treesAnOlderJbuildMadeWithOwnerRecordsOnlyAreSetAsideUnderTheSameMapping() throws Exception {
        Files.writeString(data.resolve("owners"), "uid\n0 1000000000 65536\ngid\n0 1000000000 65536\n");
        Path layer = Files.createDirectories(data.resolve("snapshots/overlay/sha256/def"));

        StoredOwners.ensure(data, SHIFTED);

        assertFalse(Files.exists(layer), "its files show root as the owner of what the image gives a service user");
        assertTrue(Files.readString(data.resolve("owners")).startsWith("trees 2\n"));
    }
}
