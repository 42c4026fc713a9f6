package dev.jbuild.core.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvocationKeyTest {

    private static final List<String> ARGS = List.of("build", "--build-arg", "NOTE", "-t", "app", ".");
    private static final Path HERE = Path.of("/work/app");

    @Test
    void theKeyHoldsTheVariablesTheBuildReadsAndNoOthers() throws Exception {
        String key = InvocationKey.of(ARGS, HERE, Map.of("NOTE", "one", "JBUILD_SNAPSHOTTER", "native",
                "SOURCE_DATE_EPOCH", "0", "UNRELATED", "x", "JBUILD_MEMO", "explain"), Set.of("NOTE"));
        assertTrue(key.contains("env NOTE=one\n"), key);
        assertTrue(key.contains("env JBUILD_SNAPSHOTTER=native\n"), key);
        assertTrue(key.contains("env SOURCE_DATE_EPOCH=0\n"), key);
        assertFalse(key.contains("UNRELATED"), key);
        assertFalse(key.contains("JBUILD_MEMO"), "the switch says how to build, not what: " + key);
        assertTrue(key.startsWith("arg build\narg --build-arg\narg NOTE\n"), key);
        assertTrue(key.contains("directory /work/app\n"), key);
    }

    @Test
    void aValuelessBuildArgsValueAndItsAbsenceAreDifferentInvocations() throws Exception {
        String one = InvocationKey.of(ARGS, HERE, Map.of("NOTE", "one"), Set.of("NOTE"));
        String two = InvocationKey.of(ARGS, HERE, Map.of("NOTE", "two"), Set.of("NOTE"));
        String unset = InvocationKey.of(ARGS, HERE, Map.of(), Set.of("NOTE"));
        assertNotEquals(one, two);
        assertTrue(unset.contains("unset NOTE\n"), unset);
        assertEquals(one, InvocationKey.of(ARGS, HERE, Map.of("NOTE", "one"), Set.of("NOTE")));
    }
}
