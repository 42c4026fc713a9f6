package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunLimitsTest {

    @Test
    void shmSizeTakesBytesOrBinaryUnitsAsDocker() {
        assertEquals(65536, RunLimits.parseSize("65536"));
        assertEquals(64L << 20, RunLimits.parseSize("64m"));
        assertEquals(2L << 30, RunLimits.parseSize("2g"));
        assertEquals(2L << 30, RunLimits.parseSize("2GB"));
        assertEquals(3L << 29, RunLimits.parseSize("1.5GiB"));
        assertEquals(512L << 10, RunLimits.parseSize("512 k"));
        assertEquals(1L << 40, RunLimits.parseSize("1t"));
    }

    @Test
    void shmSizeRefusesWhatIsNotASize() {
        for (String bad : List.of("", "m", "64x", "-1", "0", "1.5.5m", "99999999p")) {
            assertThrows(IllegalArgumentException.class, () -> RunLimits.parseSize(bad), bad);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunLimits.parseSize("big"))
                .getMessage().contains("'big' is not a size"));
    }

    @Test
    void shmOptionIsInKibibytesWhenWhole() {
        assertEquals("size=65536k", RunLimits.DEFAULT.shmSizeOption());
        assertEquals("size=1000", RunLimits.DEFAULT.withShmBytes(1000).shmSizeOption());
    }

    @Test
    void aLaterUlimitOfTheSameTypeWins() {
        List<Ulimit> kept = RunLimits.lastOfEachType(List.of(Ulimit.parse("nofile=1"), Ulimit.parse("core=0"),
                Ulimit.parse("nofile=2")));
        assertEquals(List.of(Ulimit.parse("core=0"), Ulimit.parse("nofile=2")), kept);
    }
}
