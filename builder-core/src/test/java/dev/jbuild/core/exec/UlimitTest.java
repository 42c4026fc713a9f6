package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UlimitTest {

    @Test
    void parsesDockersTypeSoftHardForm() {
        assertEquals(new Ulimit("nofile", 1024, 2048), Ulimit.parse("nofile=1024:2048"));
        assertEquals(new Ulimit("nproc", 64, 64), Ulimit.parse("nproc=64"), "the hard limit defaults to the soft one");
        assertEquals(new Ulimit("core", Ulimit.UNLIMITED, Ulimit.UNLIMITED), Ulimit.parse("core=-1:unlimited"));
        assertEquals(new Ulimit("memlock", 0, Ulimit.UNLIMITED), Ulimit.parse("MEMLOCK=0:-1"));
    }

    @Test
    void refusesWhatDockerRefusesSayingWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ulimit.parse("nofile"))
                .getMessage().contains("expected TYPE=SOFT[:HARD]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ulimit.parse("files=1"))
                .getMessage().contains("unknown ulimit type 'files'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ulimit.parse("nofile=2048:1024"))
                .getMessage().contains("must not exceed its hard limit 1024"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ulimit.parse("nofile=-1:1024"))
                .getMessage().contains("must not exceed"), "unlimited is above every number");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ulimit.parse("nofile=many"))
                .getMessage().contains("'many' is not a number"));
        assertThrows(IllegalArgumentException.class, () -> Ulimit.parse("nofile=-2"));
    }

    @Test
    void namesTheLimitForPrlimitAndTheOciRuntime() {
        Ulimit ulimit = Ulimit.parse("nofile=256:-1");
        assertEquals("--nofile=256:unlimited", ulimit.prlimitOption());
        assertEquals("RLIMIT_NOFILE", ulimit.rlimitName());
    }

    @Test
    void readsTheCallersHardLimitFromProcLimits() {
        String limits = "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max core file size        0                    unlimited            bytes     \n"
                + "Max open files            1024                 20000                files     \n";
        assertEquals(20000, Ulimit.hardLimit(limits, "nofile"));
        assertEquals(Ulimit.UNLIMITED, Ulimit.hardLimit(limits, "core"));
        assertEquals(Ulimit.UNLIMITED, Ulimit.hardLimit(limits, "rttime"), "a limit the kernel does not list");
    }

    @Test
    void raisingLimitsTakesCapSysResource() {
        assertTrue(Ulimit.mayRaiseLimits("Name:\tjava\nCapEff:\t000001ffffffffff\n"));
        assertFalse(Ulimit.mayRaiseLimits("Name:\tjava\nCapEff:\t000001fffeffffff\n"), "a container's root without it");
        assertFalse(Ulimit.mayRaiseLimits("CapEff:\t0000000000000000\n"));
    }
}
