package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExtraHostTest {

    @Test
    void readsDockersForms() {
        assertEquals(new ExtraHost("db", "10.0.0.7"), ExtraHost.parse("db:10.0.0.7"));
        assertEquals(new ExtraHost("db", "10.0.0.7"), ExtraHost.parse("db=10.0.0.7"));
        assertEquals(new ExtraHost("v6", "fd00::1"), ExtraHost.parse("v6:fd00::1"));
        assertEquals(new ExtraHost("v6", "fd00::1"), ExtraHost.parse("v6=[fd00::1]"));
        assertEquals(new ExtraHost("host.docker.internal", "127.0.0.1"), ExtraHost.parse("host.docker.internal:host-gateway"));
        assertEquals("10.0.0.7\tdb\n", ExtraHost.parse("db:10.0.0.7").hostsLine());
    }

    @Test
    void refusesWhatWouldBreakTheHostsFile() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExtraHost.parse("db"))
                .getMessage().contains("expected NAME:IP"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExtraHost.parse("db:example.com"))
                .getMessage().contains("invalid IP address 'example.com'"));
        assertThrows(IllegalArgumentException.class, () -> ExtraHost.parse("bad name:10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> ExtraHost.parse("db:10.0.0.1\n1.2.3.4 evil"));
    }
}
