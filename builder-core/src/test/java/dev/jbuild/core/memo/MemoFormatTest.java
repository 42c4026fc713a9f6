package dev.jbuild.core.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoFormatTest {

    private static BuildMemo memo() {
        return new BuildMemo("arg build\narg -t\targ x\\y\n",
                List.of(new SignedInput(MemoInput.file(Path.of("/ctx/Dockerfile")), "1:100644:3:4:5"),
                        new SignedInput(MemoInput.tree(Path.of("/ctx/a\tb")), "sha256:ab")),
                List.of(Path.of("/data/cache/v3/ab/ab.json")), "sha256:11", "sha256:22",
                List.of("docker.io/library/x:latest", "docker.io/library/y:1"),
                List.of(new MemoStep(1, "[1/2] FROM busybox", false), new MemoStep(2, "[2/2] RUN a\\b\tc", true)),
                List.of(" 1 warning found (jbuild check shows the lines):", " - Rule: text (line 2)"));
    }

    @Test
    void aMemoReadsBackAsItWasWrittenWithEscapedTabsNewlinesAndBackslashes() {
        String text = MemoFormat.write(memo());
        assertEquals(memo(), MemoFormat.read(text));
        assertTrue(text.startsWith("jbuild-memo 1\nkey arg build\\narg -t\\targ x\\\\y\\n\n"), text);
        assertEquals(13, text.lines().count(), "one fact a line: " + text);
    }

    @Test
    void aLineThatIsNoMemoLineIsRefusedByItsNumber() {
        String text = MemoFormat.write(memo()).replace("image sha256:11", "imagesha256:11");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoFormat.read(text));
        assertTrue(e.getMessage().startsWith("build memo line 6 "), e.getMessage());
    }

    @Test
    void textWithoutTheHeaderOrTheImageIsNoMemo() {
        assertThrows(IllegalArgumentException.class, () -> MemoFormat.read("{\"json\": true}"));
        assertThrows(IllegalArgumentException.class, () -> MemoFormat.read("jbuild-memo 1\nkey k\nmanifest m\n"));
        assertThrows(IllegalArgumentException.class, () -> MemoFormat.read("jbuild-memo 1\nkey k\nimage i\nmanifest m\nstep x cached a\n"));
    }
}
