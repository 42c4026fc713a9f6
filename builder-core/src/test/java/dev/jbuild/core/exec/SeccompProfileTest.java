package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeccompProfileTest {

    private static String parseError(String text) {
        return assertThrows(IllegalArgumentException.class, () -> SeccompProfile.parse(text, "test.txt")).getMessage();
    }

    @Test
    void rulesReadActionsAndConditions() {
        SeccompProfile profile = SeccompProfile.parse("""
                # a comment
                default errno 1
                read allow
                clone3 errno 38
                clone allow if arg0 & 0x7e020000 == 0
                socket allow if arg0 != 40
                """, "test.txt");

        assertEquals(SeccompAction.EPERM, profile.defaultAction());
        assertEquals(List.of(
                new SeccompProfile.Rule("read", SeccompAction.ALLOW, Optional.empty()),
                new SeccompProfile.Rule("clone3", SeccompAction.ENOSYS, Optional.empty()),
                new SeccompProfile.Rule("clone", SeccompAction.ALLOW, Optional.of(new SeccompProfile.ArgCondition(0,
                        0x7e020000L, SeccompProfile.Comparison.EQUAL, 0))),
                new SeccompProfile.Rule("socket", SeccompAction.ALLOW, Optional.of(new SeccompProfile.ArgCondition(0,
                        0xffffffffL, SeccompProfile.Comparison.NOT_EQUAL, 40)))), profile.rules());
    }

    @Test
    void aBadLineIsReportedWithItsFileAndLine() {
        assertEquals("test.txt:3: expected 'allow' or 'errno <n>' in 'read permit'",
                parseError("default errno 1\n\nread permit\n"));
        assertEquals("test.txt:2: expected '==' or '!=', got '<' in 'socket allow if arg0 < 40'",
                parseError("default errno 1\nsocket allow if arg0 < 40\n"));
        assertEquals("test.txt:2: 'forty' is not a number in 'socket allow if arg0 != forty'",
                parseError("default errno 1\nsocket allow if arg0 != forty\n"));
        assertEquals("test.txt:2: a system call has arguments 0 to 5, not 6 in 'socket allow if arg6 == 1'",
                parseError("default errno 1\nsocket allow if arg6 == 1\n"));
    }

    @Test
    void conditionsOutside32BitsOrConstantAreRefused() {
        assertTrue(parseError("default errno 1\nx allow if arg0 == 0x100000000\n").contains("compare 32 bits"));
        assertTrue(parseError("default errno 1\nx allow if arg0 & 0xf0 == 0x1\n").contains("so the condition is constant"));
        assertTrue(parseError("default errno 1\nx allow if arg0 & 0xf0 != 0x10\n").contains("tests '==' only"));
    }

    @Test
    void aProfileNeedsOneDefaultAndOneKindOfRulePerCall() {
        assertEquals("test.txt: no 'default' action", parseError("read allow\n"));
        assertTrue(parseError("default errno 1\ndefault allow\n").contains("a second default action"));
        assertEquals("test.txt: socket has an unconditional rule and other rules",
                parseError("default errno 1\nsocket allow\nsocket allow if arg0 != 40\n"));
    }

    @Test
    void aCallNoArchitectureKnowsIsAnErrorNotASilentDenial() {
        SeccompProfile typo = SeccompProfile.parse("default errno 1\nread allow\nopneat allow\n", "test.txt");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> typo.requireKnown(List.of(SyscallArch.values()), "test.txt"));
        assertEquals("test.txt: no architecture has the system calls [opneat]", e.getMessage());
    }

    @Test
    void dockersProfileAllowsNoCallThatNeedsCapSysAdmin() {
        List<String> allowed = SeccompProfile.docker().rules().stream()
                .filter(r -> r.action().equals(SeccompAction.ALLOW) && r.condition().isEmpty())
                .map(SeccompProfile.Rule::syscall).toList();

        for (String syscall : List.of("mount", "umount2", "setns", "unshare", "clone", "clone3", "bpf", "fsopen",
                "fsmount", "move_mount", "open_tree", "pivot_root", "keyctl", "add_key", "request_key", "sethostname")) {
            assertTrue(!allowed.contains(syscall), syscall + " is allowed outright");
        }
        assertTrue(allowed.size() > 280, "Docker's list is about 300 calls: " + allowed.size());
    }
}
