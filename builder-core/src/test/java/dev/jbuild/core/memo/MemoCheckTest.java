package dev.jbuild.core.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoCheckTest {

    @TempDir
    Path dir;

    private Path context;
    private Path dockerfile;
    private Path record;

    @BeforeEach
    void files() throws Exception {
        context = Files.createDirectories(dir.resolve("ctx"));
        dockerfile = Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        Files.createDirectories(context.resolve("src/deep"));
        Files.writeString(context.resolve("src/deep/a.txt"), "aaaa");
        record = Files.writeString(dir.resolve("record.json"), "{}");
        Files.setLastModifiedTime(record, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    }

    private BuildMemo memo() throws Exception {
        List<SignedInput> inputs = new ArrayList<>();
        for (MemoInput input : List.of(MemoInput.file(dockerfile), MemoInput.file(context.resolve("Dockerfile.dockerignore")),
                MemoInput.tree(context))) {
            inputs.add(new SignedInput(input, input.sign()));
        }
        return new BuildMemo("k", inputs, List.of(record), "sha256:1", "sha256:2", List.of(), List.of(), List.of());
    }

    @Test
    void unchangedInputsAnswerAndTheRecordsAreTouchedAsACacheHitTouchesThem() throws Exception {
        BuildMemo memo = memo();
        assertEquals(Optional.empty(), MemoCheck.mismatch(memo));
        assertTrue(Files.getLastModifiedTime(record).toInstant().isAfter(Instant.parse("2025-01-01T00:00:00Z")));
    }

    @Test
    void aDeepFileOfTheSameSizeWithANewMtimeChangesTheTree() throws Exception {
        BuildMemo memo = memo();
        Path file = context.resolve("src/deep/a.txt");
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, "bbbb");
        Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusNanos(1000)));
        assertEquals(Optional.of("the tree " + context + " changed"), MemoCheck.mismatch(memo));
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), Files.getLastModifiedTime(record).toInstant(),
                "a memo that does not answer touches nothing");
    }

    @Test
    void aFileThatAppearsWhereNoneWasIsAChange() throws Exception {
        BuildMemo memo = memo();
        Files.writeString(context.resolve("Dockerfile.dockerignore"), "x\n");
        assertEquals(Optional.of(context.resolve("Dockerfile.dockerignore") + " changed"), MemoCheck.mismatch(memo));
    }

    @Test
    void aRewrittenDockerfileIsAChangeEvenWithItsOldSizeAndMtime() throws Exception {
        BuildMemo memo = memo();
        FileTime mtime = Files.getLastModifiedTime(dockerfile);
        Path replacement = Files.writeString(dir.resolve("new"), "FROM busybo\n");
        Files.setLastModifiedTime(replacement, mtime);
        Files.move(replacement, dockerfile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Optional.of(dockerfile + " changed"), MemoCheck.mismatch(memo));
    }

    @Test
    void aRemovedCacheRecordIsNamed() throws Exception {
        BuildMemo memo = memo();
        Files.delete(record);
        assertEquals(Optional.of("the cache record " + record + " is gone"), MemoCheck.mismatch(memo));
    }

    @Test
    void signaturesDifferForDifferentTreesAndAgreeForTheSame() throws Exception {
        String before = TreeSignature.of(context);
        assertEquals(before, TreeSignature.of(context));
        Files.createDirectories(context.resolve("empty"));
        assertNotEquals(before, TreeSignature.of(context));
        assertEquals(FileSignature.ABSENT, FileSignature.of(context.resolve("nothing")));
    }
}
