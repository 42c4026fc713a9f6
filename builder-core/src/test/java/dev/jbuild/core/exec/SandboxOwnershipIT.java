package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.jbuild.core.testing.BusyboxRootfs;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who owns what a step writes, seen from the host. Root (these tests' user in CI) maps every id
 * to itself, so a file chowned to 1000 inside is owned by 1000 on the host; an ordinary user with
 * subordinate ids gets them shifted (see UnprivilegedSandboxIT), and the result's id mapping
 * says how either way.
 */
class SandboxOwnershipIT {

    @TempDir
    Path temp;
    Path root;

    @BeforeEach
    void createRootfs() throws Exception {
        root = BusyboxRootfs.create(temp.resolve("root"));
    }

    private static long hostUid(Path file) throws Exception {
        return ((Number) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    private static long hostGid(Path file) throws Exception {
        return ((Number) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jbuild.core.exec.SandboxKinds#withIdRanges")
    void chownInsideGivesTheMappedOwnerOnTheHost(Sandbox sandbox) throws Exception {
        assumeFalse(HostProbe.system().namespaceMapping().singleId(), "needs subordinate ids or root");

        ExecResult result = sandbox.run(ExecSpec.shell(root,
                "touch /tmp/owned && chown 1000:29 /tmp/owned && stat -c %u:%g /tmp/owned"));

        assertEquals("1000:29\n", result.outputTail());
        Path owned = root.resolve("tmp/owned");
        assertEquals(result.idMapping().hostUid(1000).orElseThrow(), hostUid(owned));
        assertEquals(result.idMapping().hostGid(29).orElseThrow(), hostGid(owned));
        if (HostProbe.system().identity().root()) {
            assertEquals(HostProbe.system().rootRange().uidStart() + 1000, hostUid(owned),
                    "root's steps run in its subordinate range: container root is not host root");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jbuild.core.exec.SandboxKinds#withIdRanges")
    void filesAStepUserCreatesAreOwnedByItsMappedId(Sandbox sandbox) throws Exception {
        assumeFalse(HostProbe.system().namespaceMapping().singleId(), "needs subordinate ids or root");

        ExecResult result = sandbox.run(ExecSpec.shell(root, "touch /tmp/mine").withUser("app"));

        assertEquals(0, result.exitCode(), result.outputTail());
        Path mine = root.resolve("tmp/mine");
        assertEquals(result.idMapping().hostUid(1000).orElseThrow(), hostUid(mine));
        assertEquals(1000, result.idMapping().containerUid(hostUid(mine)).orElseThrow());
    }

    @Test
    void bubblewrapMapsOnlyTheStepsUserToTheInvokingUser() throws Exception {
        Sandbox bwrap = SandboxKinds.sandbox(SandboxKind.BWRAP);
        if (HostProbe.system().identity().root()) {
            SandboxException refused = assertThrows(SandboxException.class, () -> bwrap.run(ExecSpec.shell(root, "id -u")));
            assertTrue(refused.getMessage().contains("as root use --sandbox=unshare"), refused.getMessage());
            return;
        }

        ExecResult result = bwrap.run(ExecSpec.shell(root, "touch /tmp/mine; chown 0 /tmp/mine 2>&1; id -u").withUser("app"));

        long me = HostProbe.system().identity().uid();
        assertEquals(me, hostUid(root.resolve("tmp/mine")));
        assertEquals(IdMapping.single(1000, me, 1000, HostProbe.system().identity().gid(), false), result.idMapping());
        assertTrue(result.outputTail().startsWith("chown: /tmp/mine: "), "chown to an unmapped id fails: "
                + result.outputTail());
        assertEquals("1000", result.outputTail().lines().reduce((a, b) -> b).orElseThrow());
    }
}
