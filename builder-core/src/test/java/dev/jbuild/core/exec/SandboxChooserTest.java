package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Choosing a sandbox from {@code --sandbox} by what the host offers. */
@Tag("sandbox")
class SandboxChooserTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(SandboxKind.class)
    void everyKindWorksOnThisHost(SandboxKind kind) throws Exception {
        SandboxChooser.Availability availability = SandboxChooser.forHost().probe(kind);

        assertTrue(availability.usable(), availability.detail());
        assertEquals(kind, SandboxChooser.forHost().choose(kind.flagName()).kind());
    }

    @Test
    void autoPrefersTheOciRuntime() throws Exception {
        assertEquals(SandboxKind.OCI, SandboxChooser.forHost().choose("auto").kind());
        assertEquals(SandboxKind.OCI, SandboxChooser.forHost().choose("").kind());
    }

    @Test
    void autoFallsBackToUnshareWhenNothingElseIsInstalled() throws Exception {
        // A host whose only tools are the ones util-linux, coreutils and dash bring.
        Path bin = java.nio.file.Files.createDirectories(temp.resolve("host/usr/bin"));
        for (String tool : new String[] {"unshare", "setpriv", "mount", "env", "sh", "hostname"}) {
            java.nio.file.Files.createSymbolicLink(bin.resolve(tool),
                    HostProbe.system().tool(tool).orElseThrow().toRealPath());
        }
        SandboxChooser chooser = new SandboxChooser(new HostProbe("", temp.resolve("host")), temp);

        assertEquals(SandboxKind.UNSHARE, chooser.choose("auto").kind());
        assertFalse(chooser.probe(SandboxKind.OCI).usable());
        assertFalse(chooser.probe(SandboxKind.BWRAP).usable());
    }

    @Test
    void explicitChoiceOfAMissingToolNamesThePackageToInstall() {
        SandboxChooser chooser = new SandboxChooser(new HostProbe("", temp), temp);

        SandboxException bwrap = assertThrows(SandboxException.class, () -> chooser.choose("bwrap"));
        SandboxException oci = assertThrows(SandboxException.class, () -> chooser.choose("oci"));

        assertEquals("sandbox 'bwrap' needs bubblewrap: install it with 'apt-get install bubblewrap'", bwrap.getMessage());
        assertEquals("sandbox 'oci' needs an OCI runtime (runc or crun): install it with 'apt-get install runc'",
                oci.getMessage());
        assertEquals(SandboxKind.BWRAP, bwrap.kind());
    }

    @Test
    void unknownSandboxNameIsABadFlag() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SandboxChooser.forHost().choose("docker"));

        assertEquals("unknown sandbox 'docker': expected auto, oci, bwrap or unshare", error.getMessage());
    }

    @Test
    void probesRunOncePerChooser() throws Exception {
        SandboxChooser chooser = new SandboxChooser(HostProbe.system(), temp);
        SandboxChooser.Availability first = chooser.probe(SandboxKind.UNSHARE);

        long start = System.nanoTime();
        SandboxChooser.Availability second = chooser.probe(SandboxKind.UNSHARE);

        assertSame(first, second);
        assertTrue(System.nanoTime() - start < 1_000_000, "a cached probe costs nothing");
    }
}
