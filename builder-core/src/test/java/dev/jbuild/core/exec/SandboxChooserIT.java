package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Choosing a sandbox from {@code --sandbox} by what the host offers. */
class SandboxChooserIT {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(SandboxKind.class)
    void everyKindWorksOnThisHost(SandboxKind kind) throws Exception {
        SandboxChooser.Availability availability = SandboxChooser.forHost().probe(kind);
        if (kind == SandboxKind.BWRAP && HostProbe.system().hostRoot()) {
            assertFalse(availability.usable(), "bwrap would make root's steps host root: " + availability.detail());
            assertTrue(availability.detail().contains("as root use --sandbox=unshare"), availability.detail());
            return;
        }
        assertTrue(availability.usable(), availability.detail());
        assertEquals(kind, SandboxChooser.forHost().choose(kind.flagName()).kind());
    }

    /** An OCI runtime first, as BuildKit; as host root unshare, the kind that maps root's steps without searchable paths. */
    @Test
    void autoPrefersTheOciRuntimeExceptAsRoot() throws Exception {
        SandboxKind expected = HostProbe.system().hostRoot() ? SandboxKind.UNSHARE : SandboxKind.OCI;
        assertEquals(expected, SandboxChooser.forHost().choose("auto").kind());
        assertEquals(expected, SandboxChooser.forHost().choose("").kind());
    }


    @Test
    void autoFallsBackToUnshareWhenNothingElseIsInstalled() throws Exception {
        // A host whose only tool is perl-base's perl, which the unshare sandbox's setup needs alone.
        Path bin = java.nio.file.Files.createDirectories(temp.resolve("host/usr/bin"));
        for (String tool : new String[] {"perl"}) {
            java.nio.file.Files.createSymbolicLink(bin.resolve(tool),
                    HostProbe.system().tool(tool).orElseThrow().toRealPath());
        }
        // root's steps run as a subordinate id, which must be able to reach the tools
        java.nio.file.Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
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
        SandboxChooser.Availability second = chooser.probe(SandboxKind.UNSHARE);

        assertSame(first, second, "the second call returns the cached probe instead of running another");
    }
}
