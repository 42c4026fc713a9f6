package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Translating owners between the step's view and the host's. */
class IdMappingTest {

    private final IdMapping rootless = new IdMapping(
            List.of(new IdMapping.Range(0, 1001, 1), new IdMapping.Range(1, 100000, 65536)),
            List.of(new IdMapping.Range(0, 1001, 1), new IdMapping.Range(1, 200000, 65536)), true);

    @Test
    void subordinateRangeShiftsEveryIdButRoot() {
        assertEquals(OptionalLong.of(1001), rootless.hostUid(0));
        assertEquals(OptionalLong.of(100999), rootless.hostUid(1000));
        assertEquals(OptionalLong.of(200028), rootless.hostGid(29));
        assertEquals(OptionalLong.of(1000), rootless.containerUid(100999));
        assertEquals(OptionalLong.empty(), rootless.hostUid(65537));
        assertEquals(OptionalLong.empty(), rootless.containerUid(0));
        assertFalse(rootless.singleId());
    }

    @Test
    void procFormatHasOneLinePerRange() {
        assertEquals("0 1001 1\n1 100000 65536\n", rootless.uidMapText());
        assertEquals("0 0 4294967295\n", IdMapping.identity().gidMapText());
    }

    @Test
    void identityAndSingle() {
        assertEquals(OptionalLong.of(123456), IdMapping.identity().hostUid(123456));
        IdMapping single = IdMapping.single(1000, 1001, 1000, 1001, false);
        assertTrue(single.singleId());
        assertEquals(OptionalLong.empty(), single.hostUid(0));
    }

    @Test
    void rangesMustFitTheIdSpace() {
        assertThrows(IllegalArgumentException.class, () -> new IdMapping.Range(1, 0, 4294967295L));
        assertThrows(IllegalArgumentException.class, () -> new IdMapping.Range(0, 0, 0));
    }
}
